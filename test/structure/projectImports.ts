import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Folders of production code (tests may reach inside rooms: they test the parts). */
const PRODUCTION = ['shared', 'functions', 'cli', 'cdk', 'bench', 'scripts'];
const IMPORT =
  /(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Every `.ts` file under `dir`, as absolute paths. */
export function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** The file an import specifier names, from the root; undefined for a package. */
function target(spec: string, importer: string): string | undefined {
  if (spec === '#shared') return 'shared/index.ts';
  if (spec.startsWith('#shared/')) return `shared/${spec.slice('#shared/'.length)}`;
  if (spec.startsWith('#functions/')) return `functions/${spec.slice('#functions/'.length)}`;
  if (spec.startsWith('.')) return normalize(join(dirname(importer), spec));
  return undefined;
}

/** Every import between files of production code: importer, imported file, and the specifier. */
export function productionImports(): { from: string; to: string; spec: string }[] {
  const found: { from: string; to: string; spec: string }[] = [];
  for (const top of PRODUCTION) {
    for (const file of tsFiles(join(ROOT, top))) {
      const from = relative(ROOT, file);
      for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        const spec = m[1] ?? m[2]!;
        const to = target(spec, from);
        if (to) found.push({ from, to, spec });
      }
    }
  }
  return found;
}
