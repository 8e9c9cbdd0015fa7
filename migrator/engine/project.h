// Project: the offline half of every command — the script directory and the
// revision graph built from it. Loading it needs no database, which is what
// `heads`, `history`, `check --offline` and `upgrade --sql` run on.
//
// Thread safety: immutable after Load(); any thread may read it.

#ifndef MIGRATOR_ENGINE_PROJECT_H_
#define MIGRATOR_ENGINE_PROJECT_H_

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/graph/revision_graph.h"
#include "migrator/report/reporter.h"
#include "migrator/script/script_directory.h"

namespace migrate::engine {

class Project {
 public:
  /// Reads every migration in `script_location` and builds the graph.
  /// InvalidInput (file:line) for a bad file or an unsound graph. Commands
  /// that never record or compare checksums pass ChecksumMode::kSkip.
  static base::Result<Project> Load(const std::string& script_location, const base::FileSystem& fs,
                                    script::ChecksumMode checksum = script::ChecksumMode::kCompute);

  const std::string& script_location() const { return scripts_->dir(); }
  const script::ScriptDirectory& scripts() const { return *scripts_; }
  const graph::RevisionGraph& graph() const { return *graph_; }

  /// The file of `revision` (exact id), or nullptr.
  const script::MigrationFile* File(const std::string& revision) const {
    return scripts_->Find(revision);
  }

  /// The members of `revisions` (a database's heads) that no file has,
  /// sorted: non-empty when the database is ahead of this code.
  std::vector<std::string> Unknown(const std::set<std::string>& revisions) const;

  /// `revision` as the reporters show it. `current` are the database's heads
  /// (empty when unknown or offline). REQUIRES: revision is in the graph.
  report::RevisionInfo Info(const std::string& revision,
                            const std::set<std::string>& current = {}) const;

 private:
  Project(std::unique_ptr<script::ScriptDirectory> scripts,
          std::unique_ptr<graph::RevisionGraph> graph)
      : scripts_(std::move(scripts)), graph_(std::move(graph)) {}

  // Held by pointer so Project stays movable while the graph refers to ids.
  std::unique_ptr<script::ScriptDirectory> scripts_;
  std::unique_ptr<graph::RevisionGraph> graph_;
};

}  // namespace migrate::engine

#endif  // MIGRATOR_ENGINE_PROJECT_H_
