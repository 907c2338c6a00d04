// Runs in the engine or the main process. A file Preflight keeps between runs (the
// SES suppression snapshot, saved mailbox answers, the contact-list copy, the saved
// account) is written whole or not at all: into a temporary file beside it, then
// renamed over it, so a crash or a kill never leaves half a file that a later run
// would have to refuse. One home for what the SES modules each relied on.
import { rename, rm, writeFile } from 'node:fs/promises';

/** Writes to a temporary file, then renames: a crash never leaves half a file behind. */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
