// Commands from the application menu (File ▸ Open List…, Export…, Edit ▸ Find …)
// arrive as 'menu:command' events; each screen handles those that mean something
// where the user is.
import { useEffect, useRef } from 'react';
import type { MenuCommand } from '../../../shared/ipc/contract';
import { on } from './api';

export function useMenuCommand(handler: (command: MenuCommand) => void): void {
  const latest = useRef(handler);
  useEffect(() => {
    latest.current = handler;
  });
  useEffect(() => on('menu:command', ({ command }) => latest.current(command)), []);
}
