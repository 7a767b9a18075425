// Small global UI state: the route (hash based, works from file:// and the web server),
// the theme (light / dark / system, persisted), toasts with undo, and the New-run draft.
import { reactive, watch } from 'vue';

export type ThemeChoice = 'light' | 'dark' | 'system';

export interface Route {
  name: 'new' | 'runs' | 'run' | 'compare' | 'spectrum' | 'phases' | 'sweeps';
  id?: number;
  ids?: number[];
}

export function parseHash(hash: string): Route {
  const h = hash.replace(/^#\/?/, '');
  const [path, query = ''] = h.split('?');
  const parts = (path ?? '').split('/').filter(Boolean);
  const q = new URLSearchParams(query);
  const ids = (q.get('ids') ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  switch (parts[0]) {
    case 'new':
      return { name: 'new' };
    case 'run': {
      const id = Number(parts[1]);
      return Number.isInteger(id) && id > 0 ? { name: 'run', id } : { name: 'runs' };
    }
    case 'compare':
      return { name: 'compare', ids };
    case 'spectrum':
      return { name: 'spectrum', ids };
    case 'phases':
      return { name: 'phases' };
    case 'sweeps': {
      const id = Number(parts[1]);
      return Number.isInteger(id) && id > 0 ? { name: 'sweeps', id } : { name: 'sweeps' };
    }
    default:
      return { name: 'runs' };
  }
}

export function routeHash(r: Route): string {
  if (r.name === 'run') return `#/run/${r.id}`;
  if (r.name === 'sweeps' && r.id) return `#/sweeps/${r.id}`;
  if ((r.name === 'compare' || r.name === 'spectrum') && r.ids?.length) return `#/${r.name}?ids=${r.ids.join(',')}`;
  return `#/${r.name}`;
}

export interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
  action?: { label: string; run: () => void };
}

export interface Draft {
  kind: 'study' | 'sgd' | 'volterra' | 'spectrum';
  params: Record<string, unknown>;
  label?: string;
  tags?: string[];
}

function storedTheme(): ThemeChoice {
  try {
    const t = localStorage.getItem('plrf.theme');
    if (t === 'light' || t === 'dark' || t === 'system') return t;
  } catch {
    /* no storage */
  }
  return 'system';
}

export const ui = reactive({
  route: parseHash(typeof location !== 'undefined' ? location.hash : '') as Route,
  theme: storedTheme() as ThemeChoice,
  systemDark: typeof matchMedia !== 'undefined' ? matchMedia('(prefers-color-scheme: dark)').matches : false,
  toasts: [] as Toast[],
  draft: null as Draft | null,
});

let toastSeq = 0;
export function toast(text: string, kind: Toast['kind'] = 'info', action?: Toast['action'], ms = 6000): void {
  const t: Toast = { id: ++toastSeq, text, kind, action };
  ui.toasts.push(t);
  setTimeout(() => dismiss(t.id), ms);
}
export function dismiss(id: number): void {
  const i = ui.toasts.findIndex((t) => t.id === id);
  if (i >= 0) ui.toasts.splice(i, 1);
}

export function navigate(r: Route): void {
  const h = routeHash(r);
  if (typeof location !== 'undefined' && location.hash !== h) location.hash = h;
  ui.route = r;
}

export function effectiveTheme(): 'light' | 'dark' {
  return ui.theme === 'system' ? (ui.systemDark ? 'dark' : 'light') : ui.theme;
}

export function setTheme(t: ThemeChoice): void {
  ui.theme = t;
  try {
    localStorage.setItem('plrf.theme', t);
  } catch {
    /* no storage */
  }
}

export function installGlobalListeners(): void {
  window.addEventListener('hashchange', () => (ui.route = parseHash(location.hash)));
  if (typeof matchMedia !== 'undefined') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (ui.systemDark = e.matches));
  watch(
    () => effectiveTheme(),
    (t) => document.documentElement.setAttribute('data-theme', t),
    { immediate: true },
  );
}
