// Runs in the main process. The installed app carries the CLI (like VS Code's `code`):
// `Preflight --cli check list.csv …` runs the same CLI as `npm run preflight`, in the
// app's own binary, with no window and no Node.js on the machine. The `preflight`
// launchers shipped beside the app (build/bin/, copied to resources/bin/ by
// electron-builder.yml) call it so. Electron's runAsNode fuse stays off (the
// security checklist): the app runs the CLI itself instead of acting as Node.
import type { CliIo } from '../cli/cli';
import { runCli } from '../cli/cli';
import { redactCredentials } from '../services/ses/credential-redaction';

export const CLI_SWITCH = '--cli';

/**
 * The CLI's arguments when the app was started as the CLI, else null. Packaged, the
 * switch follows the binary (`Preflight --cli …`); from source it follows the app's
 * folder (`electron . --cli …`). Anywhere later it is an argument of the CLI's own.
 */
export function cliArguments(argv: readonly string[], isPackaged: boolean): string[] | null {
  const at = isPackaged ? 1 : 2;
  return argv[at] === CLI_SWITCH ? argv.slice(at + 1) : null;
}

/** Runs the CLI to its end and leaves with its exit status (70 for a bug, as the CLI's own entry does). */
export async function runCliMode(args: string[], io: CliIo, exit: (code: number) => void): Promise<void> {
  try {
    exit(await runCli(args, io));
  } catch (error) {
    io.stderr.write(redactCredentials(`preflight: internal error: ${error instanceof Error ? error.message : String(error)}\n`));
    exit(70);
  }
}
