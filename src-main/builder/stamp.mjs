// Build stamps: is a build still the build of the sources on disk? (plain JavaScript, node:fs
// only — the `plrf` launcher runs this before every command, so it must cost ~1 ms).
//
// A stamp (JSON) records, for every source file a build read, its size and modification time
// (mtimeMs) at build time, relative to the project root. The build is fresh when every one of
// these files still exists with the same size and mtime — exact equality, not "older than", so a
// file restored with an old date (git checkout of another branch, cp -p, tar) also counts as a
// change. New files need an edit of an existing file to be imported, so they are caught too.
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** { size, mtimeMs } of every input, keyed by root-relative path ('/' separators) */
export function fingerprint(root, relPaths) {
  const files = {};
  for (const rel of [...relPaths].sort()) {
    const st = statSync(join(root, rel));
    files[rel] = [st.size, st.mtimeMs];
  }
  return files;
}

/** reads a stamp; null when missing or unreadable */
export function readStamp(stampFile) {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

/** writes a stamp atomically (temp file + rename: a reader sees the old or the new one) */
export function writeStamp(stampFile, stamp) {
  const tmp = `${stampFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(stamp));
  renameSync(tmp, stampFile);
}

/**
 * The inputs of `stamp` that changed since it was written (at most `limit` of them; [] = fresh).
 * A missing stamp reports ['(no build)'].
 */
export function changedInputs(root, stamp, limit = 3) {
  if (!stamp || typeof stamp.files !== 'object' || stamp.files === null) return ['(no build)'];
  const out = [];
  for (const [rel, rec] of Object.entries(stamp.files)) {
    let st;
    try {
      st = statSync(join(root, rel));
    } catch {
      out.push(`${rel} (deleted)`);
      if (out.length >= limit) break;
      continue;
    }
    if (st.size !== rec[0] || st.mtimeMs !== rec[1]) {
      out.push(rel);
      if (out.length >= limit) break;
    }
  }
  return out;
}
