'use strict';
/**
 * Human loads its models with the global fetch(), and Node's fetch cannot read file:// URLs.
 * Inside a model worker fetch is replaced by a reader of local files: it serves absolute paths
 * and file:// URLs, and refuses anything else, so no model can ever be fetched over the network.
 */
const fs = require('node:fs/promises');
const path = require('node:path');
const { fileURLToPath } = require('node:url');

function localPath(resource) {
  const url = typeof resource === 'string' ? resource : resource instanceof URL ? resource.href : resource.url;
  if (url.startsWith('file://')) return fileURLToPath(url);
  if (path.isAbsolute(url)) return url;
  return null;
}

async function fileFetch(resource) {
  const file = localPath(resource);
  if (!file) throw new Error(`model workers only read local files, refused: ${String(resource).slice(0, 200)}`);
  try {
    const body = await fs.readFile(file);
    return new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } });
  } catch (error) {
    if (error && error.code === 'ENOENT') return new Response(null, { status: 404, statusText: 'Not Found' });
    throw error;
  }
}

function installFileFetch() {
  globalThis.fetch = fileFetch;
}

module.exports = { fileFetch, installFileFetch };
