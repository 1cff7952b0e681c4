// The records of a .pt2 (what torch.export.save writes, PyTorch 2.13's pt2 archive): one folder
// holding archive_format ("pt2"), archive_version, byteorder, models/<model>.json (the serialized
// ExportedProgram), data/weights and data/constants (each with a payload config), and extra/.
// Versions and byte orders it does not know are refused by name before anything else is read.
import { CheckpointError, DEFAULT_MAX_INFLATED_BYTES, ZipReader, memorySource } from '@wick/serialize';
import { ExportError } from './errors.js';
import { type JsonObject, int, obj, parseJson } from './json.js';
import { type Payload, readPayloads } from './payload.js';
import { ARCHIVE_VERSION, SCHEMA_MAJOR } from './schema.js';

export interface Pt2Archive {
  /** The serialized ExportedProgram (models/model.json). */
  readonly program: JsonObject;
  /** data/weights: parameters and persistent buffers. */
  readonly weights: Map<string, Payload>;
  /** data/constants: tensor constants and non-persistent buffers. */
  readonly constants: Map<string, Payload>;
  /** extra/<name> records, by name. */
  readonly extraFiles: Map<string, Uint8Array>;
}

const MODEL = 'model';
const decoder = new TextDecoder('utf-8', { fatal: false });

function openZip(bytes: Uint8Array): ZipReader {
  try {
    return new ZipReader(memorySource(bytes), { maxInflatedBytes: DEFAULT_MAX_INFLATED_BYTES });
  } catch (e) {
    if (e instanceof CheckpointError) throw new ExportError(`not a .pt2 archive: ${e.message}`);
    throw e;
  }
}

/** Reads the records of a .pt2 from its bytes, checking its format, versions and byte order first. */
export function readArchive(bytes: Uint8Array): Pt2Archive {
  const zip = openZip(bytes);
  const first = zip.entries[0];
  if (first === undefined) throw new ExportError('not a .pt2 archive: the zip has no records');
  // Every record sits in one top-level folder (its name is the file's stem when saved).
  const root = `${first.name.split('/')[0]}/`;
  const outside = zip.entries.find((e) => !e.name.startsWith(root));
  if (outside !== undefined) throw new ExportError(`not a .pt2 archive: records ${first.name} and ${outside.name} are in different top-level folders`);
  const text = (name: string): string => {
    if (!zip.has(root + name)) throw new ExportError(`not a .pt2 archive: it has no ${root}${name} record`);
    return decoder.decode(zip.read(root + name));
  };

  const format = text('archive_format');
  if (format !== 'pt2') throw new ExportError(`not a .pt2 archive: archive_format is ${JSON.stringify(format)}, expected "pt2"`);
  const version = text('archive_version');
  if (version !== ARCHIVE_VERSION) {
    throw new ExportError(`unsupported .pt2 archive_version ${JSON.stringify(version)}: wick reads archive version ${ARCHIVE_VERSION} (PyTorch 2.13's)`);
  }
  // NOTE: archives without the record were written in little endian (PyTorch's default).
  const byteorder = zip.has(`${root}byteorder`) ? text('byteorder') : 'little';
  if (byteorder !== 'little' && byteorder !== 'big') throw new ExportError(`unsupported .pt2 byteorder ${JSON.stringify(byteorder)}: expected "little" or "big"`);

  if (zip.has(`${root}data/weights/${MODEL}.pt`)) {
    throw new ExportError(`${root}data/weights/${MODEL}.pt is the legacy weights format (before PyTorch 2.8); save the program again with torch.export.save`);
  }
  const program = obj(parseJson(text(`models/${MODEL}.json`), `models/${MODEL}.json`), `models/${MODEL}.json`);
  checkSchemaVersion(program);
  const littleEndian = byteorder === 'little';
  const payloads = (dir: string, kind: string): Map<string, Payload> => {
    const config = `${dir}${MODEL}_${kind}_config.json`;
    return readPayloads(zip, root + dir, parseJson(text(config), config), littleEndian, config);
  };
  const extraFiles = new Map<string, Uint8Array>();
  for (const e of zip.entries) {
    if (e.name.startsWith(`${root}extra/`)) extraFiles.set(e.name.slice(`${root}extra/`.length), zip.read(e.name));
  }
  return { program, weights: payloads('data/weights/', 'weights'), constants: payloads('data/constants/', 'constants'), extraFiles };
}

function checkSchemaVersion(program: JsonObject): void {
  const v = obj(program.schema_version, 'models/model.json: schema_version');
  const major = int(v.major, 'schema_version.major');
  const minor = int(v.minor, 'schema_version.minor');
  if (major !== SCHEMA_MAJOR) {
    throw new ExportError(`unsupported export schema_version ${major}.${minor}: wick reads schema version ${SCHEMA_MAJOR}.x (PyTorch 2.13 writes 8.20)`);
  }
}
