import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

const exampleConfig = fileURLToPath(new URL('../../llmux.config.json', import.meta.url));
const fromText = (text: string) => ({ readText: async () => text, env: {} });

describe('loadConfig', () => {
  it('loads the example configuration shipped with the demo', async () => {
    const config = await loadConfig(exampleConfig, { env: {} });
    expect(config.router.preset).toBe('incident-response');
    expect(Object.keys(config.tenants)).toHaveLength(2);
    expect(config.cache.enabled).toBe(true);
    expect(config.rateLimits).toBeDefined();
  });

  it('keeps API keys beside the configuration file unless admin.keysFile says where', async () => {
    const beside = await loadConfig(
      '/etc/llmux/llmux.config.json',
      fromText('{"router":{"preset":"starting"}}'),
    );
    expect(beside.admin).toEqual({
      keyEnv: 'LLMUX_ADMIN_KEY',
      keysFile: '/etc/llmux/llmux.keys.json',
      refreshMs: 2000,
    });
    const named = await loadConfig(
      '/etc/llmux/llmux.config.json',
      fromText('{"router":{"preset":"starting"},"admin":{"keysFile":"state/keys.json"}}'),
    );
    expect(named.admin.keysFile).toBe('/etc/llmux/state/keys.json');
    // The package's own example config keeps them in the working folder, not in the package.
    const example = await loadConfig('/usr/lib/node_modules/@llmux/gateway/llmux.config.json', {
      ...fromText('{"router":{"preset":"starting"}}'),
      keysFolder: '/srv/app',
    });
    expect(example.admin.keysFile).toBe('/srv/app/llmux.keys.json');
  });

  it('points at the line and column of a JSON syntax error', async () => {
    const text = '{\n  "router": { "preset": "starting", }\n}';
    await expect(loadConfig('bad.json', fromText(text))).rejects.toThrow(
      /bad\.json is not valid JSON at line 2, column \d+/,
    );
  });

  it('says when the file is missing', async () => {
    await expect(loadConfig('/nonexistent/llmux.config.json')).rejects.toThrow(
      'Cannot read the configuration file /nonexistent/llmux.config.json: no such file',
    );
  });

  it('names the bad field and the file', async () => {
    const text = JSON.stringify({ router: { preset: 'starting' }, gateway: { port: -1 } });
    await expect(loadConfig('prod.json', fromText(text))).rejects.toThrow(
      /Invalid configuration \(prod\.json\):\n {2}gateway\.port: must be an integer >= 0/,
    );
  });
});
