// An fs error while creating or writing outputs, as one sentence naming the folder
// and the cause the user can fix.
import { UserError } from '../../../shared/model/errors';

export function outputError(error: unknown, folder: string): UserError {
  if (error instanceof UserError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `the folder "${folder}"`;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new UserError(
        'output_unwritable',
        `Preflight is not allowed to write to ${where} (permission denied); choose another folder.`,
      );
    case 'EROFS':
      return new UserError('output_unwritable', `Cannot write to ${where}: it is on a read-only disk; choose another folder.`);
    case 'ENOSPC':
      return new UserError('output_unwritable', `Cannot write to ${where}: the disk is full; free some space or choose another folder.`);
    case 'EDQUOT':
      return new UserError(
        'output_unwritable',
        `Cannot write to ${where}: your disk quota is used up; free some space or choose another folder.`,
      );
    // A file grew past what the disk (FAT32: 4 GB) or a size limit on this account allows.
    case 'EFBIG':
      return new UserError(
        'output_unwritable',
        `Cannot write to ${where}: there is not enough space there for a file this large; free some space or choose another folder.`,
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return new UserError('output_unwritable', `Cannot create ${where}: part of that path is a file, not a folder.`);
    case 'ENOENT':
      return new UserError('output_unwritable', `Cannot write to ${where}: it no longer exists (was a drive removed?).`);
    case 'EBUSY':
      return new UserError(
        'output_unwritable',
        `Cannot write to ${where}: a file there is in use by another program; close it and try again.`,
      );
    case 'ENAMETOOLONG':
      return new UserError('output_unwritable', `Cannot write to ${where}: the path is too long; choose a shorter one.`);
    default:
      return new UserError(
        'output_unwritable',
        `Cannot write to ${where}${code ? ` (${code})` : ''}: ${(error as Error | undefined)?.message ?? String(error)}.`,
      );
  }
}
