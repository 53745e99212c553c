import { render } from 'preact';
import { loadRuntimeConfig } from '../sdk/config';
import { createStore } from '../shared/storage';
import { App } from './app';

async function start(root: HTMLElement): Promise<void> {
  try {
    const config = await loadRuntimeConfig(new URL('../config.json', location.href).href);
    document.documentElement.style.setProperty('--brand', config.branding.color);
    document.title = `${config.branding.name} · Console`;
    root.textContent = ''; // Preact diffs against existing children: drop the loading note first
    render(<App config={config} store={createStore(() => sessionStorage)} />, root);
  } catch (error) {
    root.innerHTML = '';
    const note = document.createElement('p');
    note.className = 'fatal';
    note.setAttribute('role', 'alert');
    note.textContent = `The console could not start: ${error instanceof Error ? error.message : String(error)}`;
    root.append(note);
  }
}

const root = document.getElementById('app');
if (root) void start(root);
