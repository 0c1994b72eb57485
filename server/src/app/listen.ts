import type http from 'node:http';

/** Listens, or fails with one line that says what to change (the port is taken, the address is not ours). */
export function listen(server: http.Server, port: number, host: string, portSetting = 'PORT'): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} is already in use on ${host}; stop the other process or set ${portSetting}`));
      else if (error.code === 'EACCES') reject(new Error(`not allowed to listen on ${where}; choose a ${portSetting} above 1023 or run with the needed privilege`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new Error(`HOST ${host} is not an address of this machine`));
      else reject(new Error(`cannot listen on ${where}: ${error.message}`));
    });
    server.listen(port, host, () => resolve());
  });
}
