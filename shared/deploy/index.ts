export { applyDeploySignal } from './applyDeploySignal.ts';
export type { DeploySignal } from './DeploySignal.ts';
export {
  CUSTOM_DEPLOY_FINISHED,
  CUSTOM_DEPLOY_SOURCE,
  CUSTOM_DEPLOY_STARTED,
  readDeployEvent,
} from './readDeployEvent.ts';
export { scopeSignal } from './scopeSignal.ts';
