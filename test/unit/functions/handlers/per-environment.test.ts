import { afterEach, describe, expect, it } from 'vitest';
import { perEnvironment } from '../../../../functions/handlers/per-environment';

const saved = { TABLE_NAME: process.env.TABLE_NAME, AWS_ENDPOINT_URL_DYNAMODB: process.env.AWS_ENDPOINT_URL_DYNAMODB };

function setEnv(name: keyof typeof saved, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

afterEach(() => {
  for (const [name, value] of Object.entries(saved)) setEnv(name as keyof typeof saved, value);
});

describe('perEnvironment', () => {
  it('builds on first use and shares the value while the environment stays the same', () => {
    // Arrange
    setEnv('TABLE_NAME', 'table-a');
    let builds = 0;
    const lazy = perEnvironment(() => ({ build: ++builds, table: process.env.TABLE_NAME }));

    // Act
    const first = lazy();
    const again = lazy();

    // Assert
    expect(builds).toBe(1);
    expect(again).toBe(first);
  });

  it('builds again once a variable it comes from changes (the next runtime in the same process)', () => {
    // Arrange
    setEnv('TABLE_NAME', 'table-a');
    setEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:1111');
    const lazy = perEnvironment(() => ({ table: process.env.TABLE_NAME, endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB }));
    const first = lazy();

    // Act
    setEnv('AWS_ENDPOINT_URL_DYNAMODB', 'http://127.0.0.1:2222');
    const second = lazy();
    setEnv('TABLE_NAME', 'table-b');
    const third = lazy();

    // Assert
    expect(first).toEqual({ table: 'table-a', endpoint: 'http://127.0.0.1:1111' });
    expect(second).toEqual({ table: 'table-a', endpoint: 'http://127.0.0.1:2222' });
    expect(third).toEqual({ table: 'table-b', endpoint: 'http://127.0.0.1:2222' });
  });

  it('keeps nothing from a build that threw, and builds on the next call', () => {
    // Arrange
    let fail = true;
    const lazy = perEnvironment(() => {
      if (fail) throw new Error('TABLE_NAME: missing');
      return 'built';
    });

    // Act
    let thrown: unknown;
    try {
      lazy();
    } catch (error) {
      thrown = error;
    }
    fail = false;
    const value = lazy();

    // Assert
    expect(String(thrown)).toContain('TABLE_NAME: missing');
    expect(value).toBe('built');
  });
});
