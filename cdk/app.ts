#!/usr/bin/env node
import { ConfigError } from './config.ts';
import { createApp } from './createApp.ts';

// `cdk synth|deploy -c logGroups=... -c alertEmails=...` runs this (see cdk.json).
try {
  createApp().app.synth();
} catch (error: unknown) {
  if (!(error instanceof ConfigError)) throw error;
  // One readable message naming every wrong value, not a stack trace.
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
