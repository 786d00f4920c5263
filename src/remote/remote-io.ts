/** The local end the CLI lends remote engines for output that does not pass through the domain (exec's stdout and stdin). */
export interface RemoteIo {
  stdout(data: Uint8Array): void;
  stdin(): AsyncIterable<Uint8Array>;
}
