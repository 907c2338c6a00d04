// The application menu: keyboard accelerators reach the screen as commands.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../../shared/ipc/contract';
import { buildMenuTemplate, SES_DOCS_URL } from '../../electron/main/menu';
import { isAllowedExternalUrl } from '../../electron/main/external-links';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

function menu(isMac: boolean, isDev = false) {
  const commands: MenuCommand[] = [];
  const opened: string[] = [];
  const items = flatten(buildMenuTemplate({ isMac, isDev, command: (c) => commands.push(c), openExternal: (u) => opened.push(u) }));
  const click = (label: string) => (items.find((i) => i.label === label)!.click as () => void)();
  return { items, commands, opened, click };
}

describe('application menu', () => {
  it('binds the keyboard shortcuts to commands for the screen', () => {
    const { items, commands, click } = menu(false);
    const accel = (label: string) => items.find((i) => i.label === label)?.accelerator;
    expect(accel('Open List…')).toBe('CmdOrCtrl+O');
    expect(accel('Open Suppression File…')).toBe('CmdOrCtrl+Shift+O');
    expect(accel('Export…')).toBe('CmdOrCtrl+E');
    expect(accel('Cancel Check')).toBe('CmdOrCtrl+.');
    expect(accel('Find')).toBe('CmdOrCtrl+F');
    for (const label of ['Open List…', 'Open Suppression File…', 'Export…', 'Cancel Check', 'Find']) click(label);
    expect(commands).toEqual(['open-list', 'open-suppression', 'export', 'cancel-check', 'find']);
  });

  it('has the standard edit roles, so copy and paste work in text fields', () => {
    const roles = menu(true).items.map((i) => i.role);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('offers developer tools and reload only when running from source', () => {
    expect(menu(false, false).items.map((i) => i.role)).not.toContain('toggleDevTools');
    expect(menu(false, false).items.map((i) => i.role)).not.toContain('reload');
    expect(menu(false, true).items.map((i) => i.role)).toContain('toggleDevTools');
  });

  it('has the macOS app menu only on macOS', () => {
    expect(menu(true).items[0]!.label).toBe('Preflight');
    expect(menu(false).items[0]!.label).toBe('File');
  });

  it('opens the SES documentation through the allowlisted link', () => {
    const { opened, click } = menu(false);
    click('Amazon SES Documentation');
    expect(opened).toEqual([SES_DOCS_URL]);
    expect(isAllowedExternalUrl(SES_DOCS_URL)).toBe(true);
  });
});
