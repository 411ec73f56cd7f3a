import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { TLSSocket } from 'node:tls';

/** An answer of the emulator's admin endpoints. */
export interface AdminAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * Calls the `/__emulator/` endpoints of an emulator this process started.
 *
 * An HTTPS emulator usually serves a certificate from a test authority that this process does
 * not trust, so instead of the usual chain check the client pins the exact certificate the
 * emulator was given: nothing else at that address is believed.
 */
export class EmulatorAdminClient {
  private readonly pinned?: Buffer;

  /**
   * @param certificatePath the PEM file the emulator serves, for an HTTPS emulator
   */
  constructor(
    private readonly baseUrl: string,
    certificatePath?: string,
  ) {
    this.pinned =
      certificatePath === undefined
        ? undefined
        : new X509Certificate(readFileSync(certificatePath)).raw;
  }

  /** Sends one admin request, with an optional JSON body. */
  public send(method: string, path: string, json?: unknown): Promise<AdminAnswer> {
    const url = new URL(path, this.baseUrl);
    const body = json === undefined ? undefined : JSON.stringify(json);
    const headers = body === undefined ? {} : { 'Content-Type': 'application/json' };
    const options = { method, headers, agent: false as const };

    return new Promise((resolve, reject) => {
      const onResponse = (response: IncomingMessage): void => {
        if (!this.isPinned(response)) {
          response.destroy();
          reject(new Error(`The server at ${this.baseUrl} is not the emulator that was started.`));
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() });
        });
        response.on('error', reject);
      };
      const request =
        url.protocol === 'https:'
          ? httpsRequest(url, { ...options, rejectUnauthorized: false }, onResponse)
          : httpRequest(url, options, onResponse);
      request.on('error', reject);
      request.end(body);
    });
  }

  private isPinned(response: IncomingMessage): boolean {
    if (this.pinned === undefined) {
      return true;
    }
    const presented = (response.socket as TLSSocket).getPeerCertificate?.()?.raw;
    return presented !== undefined && presented.equals(this.pinned);
  }
}
