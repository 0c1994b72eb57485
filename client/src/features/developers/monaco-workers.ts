/**
 * Monaco (GraphiQL's editor) runs language services in web workers. They are registered from app
 * source, not through graphiql/setup-workers/vite, because Vite's dependency optimizer cannot
 * handle `?worker` imports inside node_modules (the dev server dies). Vite bundles each worker as
 * a same-origin file: nothing comes from a CDN.
 */
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import JsonWorker from 'monaco-editor/esm/vs/language/json/json.worker.js?worker';
import GraphQLWorker from 'monaco-graphql/esm/graphql.worker.js?worker';

(globalThis as unknown as { MonacoEnvironment: { getWorker(workerId: string, label: string): Worker } }).MonacoEnvironment = {
  getWorker(_workerId, label) {
    if (label === 'graphql') return new GraphQLWorker();
    if (label === 'json') return new JsonWorker();
    return new EditorWorker();
  },
};
