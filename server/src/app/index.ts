/** The application: composes the modules into processes. The API process is `startApp`. */
export { startApp } from './api';
export type { AppContext, AppOptions, RunningApp } from './api';
export { createDataSource, dataSourceOptions, openDataSource } from './data-source';
export { buildAppSchema } from './schema';
export { startWorker } from './worker';
export type { RunningWorker, WorkerOptions } from './worker';
export { buildServices, initializeModules } from './services';
export type { AppServices } from './services';
