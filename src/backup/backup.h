// Consistent backups of a fremdrift installation and their restore (`fremdrift backup DIR`,
// `fremdrift restore DIR --to DIR2`, docs/drift.md): every SQLite database (the case database with
// events and finance, the auth database with users, sessions and the audit log) copied online with
// SQLite's backup API, so a server may go on writing; the register store with the population file
// kept beside it; the store's pseudonym key kept apart in its own folder. A manifest lists every
// file with its role, size and SHA-256; restore checks them all before it writes anything.
//
// Layout of DIR: manifest.json, data/<file> (databases, store, population), key/<store>.key.
// Folders are 0700 and files 0600. DIR is written as DIR.partial and renamed when complete, so a
// failed backup leaves no DIR that looks whole. PostgreSQL databases are not copied here
// (pg_dump, docs/drift.md): naming one is an error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"

namespace fremdrift::backup {

struct Sources {
  std::string store;    // the register's spell store (optional); its .key and .population.csv
  std::string db;       // case database: "sqlite:PATH" or a PATH (optional)
  std::string auth_db;  // auth database: a PATH (optional)
};

struct FileEntry {
  std::string role;  // "cases", "auth", "store", "population", "key"
  std::string path;  // relative to the backup folder: "data/events.db", "key/demo.store.key"
  std::uint64_t size = 0;
  std::string sha256;  // lower-case hex
};

struct Manifest {
  int format = 1;
  std::string created;  // UTC, ISO 8601
  std::vector<FileEntry> files;
};

// Takes the backup into `dir` (must not exist). InvalidArgument for nothing to back up or a
// PostgreSQL URL; NotFound for a source file that is missing.
Result<Manifest> TakeBackup(const Sources& sources, const std::string& dir);

// Reads the manifest of `dir` and checks every file's size and checksum. DataLoss naming the
// first file that is missing, changed or not in the manifest.
Result<Manifest> VerifyBackup(const std::string& dir);

// Verifies `dir`, then copies its files into `to` (created 0700 when missing) under their own
// names ("events.db", "demo.store", "demo.store.key"). AlreadyExists when a file would be
// overwritten; nothing is written then.
Result<Manifest> Restore(const std::string& dir, const std::string& to);

// SHA-256 of a file, lower-case hex.
Result<std::string> FileSha256(const std::string& path);

}  // namespace fremdrift::backup
