import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { VisitorSecret } from '../../../../functions/adapters/visitor-secret';

const client = new SecretsManagerClient({ region: 'us-east-1' });
const sm = mockClient(client);

afterEach(() => sm.reset());

describe('VisitorSecret', () => {
  it('reads the secret once and serves it from memory after', async () => {
    sm.on(GetSecretValueCommand, { SecretId: 'parley/visitor' }).resolves({ SecretString: 's3cret' });
    const secret = new VisitorSecret(client, 'parley/visitor');

    const first = await secret.get();
    const second = await secret.get();

    expect(new TextDecoder().decode(first)).toBe('s3cret');
    expect(second).toBe(first);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('tries again after a failed read', async () => {
    sm.on(GetSecretValueCommand).rejectsOnce(new Error('network')).resolves({ SecretString: 'ok' });
    const secret = new VisitorSecret(client, 'parley/visitor');

    await expect(secret.get()).rejects.toThrow('network');
    expect(new TextDecoder().decode(await secret.get())).toBe('ok');
  });
});
