#include "migrator/engine/project.h"

namespace migrate::engine {

base::Result<Project> Project::Load(const std::string& script_location, const base::FileSystem& fs,
                                   script::ChecksumMode checksum) {
  MIGRATE_ASSIGN_OR_RETURN(script::ScriptDirectory scripts,
                           script::ScriptDirectory::Load(script_location, fs, checksum));
  std::vector<graph::RevisionNode> nodes;
  nodes.reserve(scripts.files().size());
  for (const script::MigrationFile& file : scripts.files()) {
    nodes.push_back(graph::RevisionNode{file.revision, file.down_revisions, file.branch_labels,
                                        file.depends_on, file.path});
  }
  MIGRATE_ASSIGN_OR_RETURN(graph::RevisionGraph graph, graph::RevisionGraph::Build(std::move(nodes)));
  return Project(std::make_unique<script::ScriptDirectory>(std::move(scripts)),
                 std::make_unique<graph::RevisionGraph>(std::move(graph)));
}

std::vector<std::string> Project::Unknown(const std::set<std::string>& revisions) const {
  std::vector<std::string> unknown;
  for (const std::string& revision : revisions) {
    if (File(revision) == nullptr) unknown.push_back(revision);
  }
  return unknown;
}

report::RevisionInfo Project::Info(const std::string& revision,
                                   const std::set<std::string>& current) const {
  const script::MigrationFile& file = *File(revision);
  const graph::RevisionGraph& g = *graph_;
  report::RevisionInfo info;
  info.id = revision;
  info.parents = file.down_revisions;
  info.children = g.Children(revision);
  info.branch_labels = file.branch_labels;
  info.depends_on = file.depends_on;
  info.message = file.message;
  info.path = file.path;
  info.is_head = info.children.empty();
  info.is_base = info.parents.empty();
  info.is_branch_point = info.children.size() > 1;
  info.is_merge_point = info.parents.size() > 1;
  info.is_current = current.count(revision) > 0;
  return info;
}

}  // namespace migrate::engine
