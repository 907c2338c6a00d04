// The baseline: papaparse streaming the file (decoded first, as the REFERENCE warns), nothing else.
import { createReadStream } from 'node:fs';
import Papa from 'papaparse';

const path = process.argv[2];
let rows = 0;
const parser = Papa.parse(Papa.NODE_STREAM_INPUT, {});
parser.on('data', () => rows++);
parser.on('end', () => process.stdout.write(`${rows}\n`));
createReadStream(path, { encoding: 'utf8', highWaterMark: 256 * 1024 }).pipe(parser);
