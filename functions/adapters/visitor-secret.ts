/**
 * Reads the HMAC secret that signs visitor tokens from Secrets Manager, once per Lambda
 * instance: the secret changes only on rotation, and a call per request would cost latency.
 * A failed read is not cached, so the next request tries again.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export class VisitorSecret {
  private cached: Promise<Uint8Array> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
  ) {}

  get(): Promise<Uint8Array> {
    if (!this.cached) {
      this.cached = this.read();
      this.cached.catch(() => (this.cached = undefined));
    }
    return this.cached;
  }

  private async read(): Promise<Uint8Array> {
    const { SecretString, SecretBinary } = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
    if (SecretString) return new TextEncoder().encode(SecretString);
    if (SecretBinary) return SecretBinary;
    throw new Error(`Secret ${this.secretId} has no value`);
  }
}
