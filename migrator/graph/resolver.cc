// RevisionGraph::Resolver: what a target names (see resolver.h).

#include "migrator/graph/resolver.h"

#include <algorithm>

#include "migrator/base/strings.h"

namespace migrate::graph {

using base::Join;

namespace {

// "+2", "-1".
std::string Signed(int steps) {
  return (steps > 0 ? "+" : "-") + std::to_string(steps > 0 ? steps : -steps);
}

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string Alternatives(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "'" + words[i] + "'";
  }
  return out;
}

// "1 step down is", "2 steps up are", "no step up is".
std::string StepsPossible(int n, const char* direction) {
  if (n == 0) return std::string("no step ") + direction + " is possible";
  return "only " + std::to_string(n) + (n == 1 ? " step " : " steps ") + direction +
         (n == 1 ? " is" : " are") + " possible";
}

}  // namespace

base::Status RevisionGraph::Resolver::SetCurrentHeads(const std::set<std::string>& heads) {
  std::vector<int> given;
  for (const std::string& id : heads) {
    const int v = g_.IndexOf(id);
    if (v < 0) {
      return base::Status::FailedPrecondition(
          "The database is at revision '" + id +
          "', which is not in the migrations directory; restore its migration file, or run "
          "'migrate stamp --purge REV' to replace it with a known revision");
    }
    given.push_back(v);
  }
  applied_ = g_.Closure(given, Walk::kAncestors);
  is_current_.assign(g_.nodes_.size(), 0);
  current_.clear();
  // Recomputed rather than trusted, so a version table also listing
  // something a head needs still gives the true heads.
  for (int v : g_.by_id_) {
    if (applied_[v] && !g_.NeededByAny(v, applied_)) {
      current_.push_back(v);
      is_current_[v] = 1;
    }
  }
  return base::Status::OK();
}

std::string RevisionGraph::Resolver::Where() const {
  if (current_.empty()) return "the database is at base";
  return "the database is at " + Join(g_.IdsOf(current_));
}

std::vector<char> RevisionGraph::Resolver::Lineage(int v) const {
  std::vector<char> mask = g_.Closure({v}, Walk::kParents);
  const std::vector<char> above = g_.Closure({v}, Walk::kChildren);
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = mask[i] || above[i];
  return mask;
}

base::Result<int> RevisionGraph::Resolver::Branch(const std::string& qualifier) const {
  auto v = g_.ResolveIndex(qualifier);
  if (v || v.error().code() != base::StatusCode::kNotFound) return v;
  return base::Status::NotFound("No such branch '" + qualifier + "': it is neither a branch "
                                "label nor a revision" + g_.DidYouMean(qualifier, /*ids=*/true));
}

base::Result<int> RevisionGraph::Resolver::Revision(const Target& target) const {
  if (target.label.empty()) return g_.ResolveIndex(target.revision);
  MIGRATE_ASSIGN_OR_RETURN(int branch, Branch(target.label));
  const std::vector<char> lineage = Lineage(branch);
  int v = g_.IndexOf(target.revision);
  if (v < 0) {
    if (auto it = g_.label_index_.find(target.revision); it != g_.label_index_.end()) {
      v = it->second;
    } else {
      // A prefix is looked for on the branch only, so one ambiguous across
      // the graph may still name one revision there.
      std::vector<int> matches;
      for (int w : g_.by_id_) {
        if (lineage[w] && g_.nodes_[w].id.starts_with(target.revision)) matches.push_back(w);
      }
      if (matches.size() != 1 || target.revision.size() < 4) {
        MIGRATE_ASSIGN_OR_RETURN(v, g_.ResolveIndex(target.revision));
      } else {
        v = matches.front();
      }
    }
  }
  if (!lineage[v]) {
    return base::Status::InvalidInput("Revision " + Id(v) + " is not a member of branch '" +
                                      target.label + "'");
  }
  return v;
}

base::Result<int> RevisionGraph::Resolver::SingleHead(const Target& target) const {
  std::vector<int> heads = g_.heads_;
  if (!target.label.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(int branch, Branch(target.label));
    const std::vector<char> lineage = Lineage(branch);
    std::erase_if(heads, [&](int h) { return !lineage[h]; });
  }
  if (heads.empty()) return kBase;  // no revisions at all: head is base
  if (heads.size() > 1) {
    const std::string list = Join(g_.IdsOf(heads));
    if (target.label.empty()) {
      switch (purpose_) {
        case Purpose::kUpgrade:
          return base::Status::InvalidInput(
              "Multiple heads (" + list +
              "); upgrade to 'heads', or to one of them with '<label>@head' or its revision id");
        case Purpose::kDowngrade:
          return base::Status::InvalidInput(
              "Multiple heads (" + list +
              "); name one of them with '<label>@head' or its revision id");
        case Purpose::kOther:
          break;
      }
      return base::Status::InvalidInput(
          "Multiple heads (" + list +
          "); use 'heads', or name one of them with '<label>@head' or its revision id");
    }
    return base::Status::InvalidInput("Multiple heads on branch '" + target.label + "' (" + list +
                                      "); name one of them by its revision id");
  }
  return heads.front();
}

base::Result<int> RevisionGraph::Resolver::Walk(int from, int steps,
                                                const std::vector<char>* lineage,
                                                const Target& target) const {
  const std::string where = from == kBase ? "base" : "'" + Id(from) + "'";
  const int total = steps > 0 ? steps : -steps;
  int at = from;
  for (int taken = 0; taken < total; ++taken) {
    const int left = total - taken;
    std::vector<int> next;
    if (steps > 0) {
      for (int c : at == kBase ? g_.bases_ : g_.vertices_[at].children) {
        if (lineage == nullptr || (*lineage)[c]) next.push_back(c);
      }
      if (next.empty()) {
        return base::Status::InvalidInput("'" + target.text + "' goes past the head: " +
                                          StepsPossible(taken, "up") + " from " + where);
      }
    } else {
      if (at == kBase) {
        return base::Status::InvalidInput("'" + target.text + "' goes past base: " +
                                          StepsPossible(taken, "down") + " from " + where);
      }
      next = g_.vertices_[at].parents;
      if (next.empty()) next.push_back(kBase);
    }
    if (next.size() > 1) {
      std::vector<std::string> choices;
      for (int w : next) {
        const int rest = steps > 0 ? left - 1 : 1 - left;
        choices.push_back(rest == 0 ? Id(w) : Id(w) + Signed(rest));
      }
      const std::string why =
          steps < 0    ? "'" + Id(at) + "' is a merge point (parents " +
                             Join(g_.IdsOf(next)) + ")"
          : at == kBase ? "there are several bases (" + Join(g_.IdsOf(next)) + ")"
                        : "'" + Id(at) + "' is a branch point (children " +
                              Join(g_.IdsOf(next)) + ")";
      return base::Status::InvalidInput("'" + target.text + "' is ambiguous: " + why + "; use " +
                                        Alternatives(choices));
    }
    at = next.front();
  }
  return at;
}

base::Result<int> RevisionGraph::Resolver::UpStart(const Target& target,
                                                   const std::vector<char>* lineage) const {
  std::vector<int> starts = current_;
  if (lineage != nullptr) {
    std::erase_if(starts, [&](int h) { return !(*lineage)[h]; });
    if (starts.empty()) {
      // No current head is on the branch: start from the topmost applied
      // revisions of its line, which may still be below its branch point.
      for (int v : g_.by_id_) {
        if (applied_[v] && (*lineage)[v] && !g_.NeededByAny(v, applied_, lineage)) {
          starts.push_back(v);
        }
      }
    }
  }
  if (starts.empty()) return kBase;
  if (starts.size() > 1) {
    std::vector<std::string> choices;
    for (int v : starts) choices.push_back(Id(v) + Signed(target.steps));
    return base::Status::InvalidInput("'" + target.text +
                                      "' is ambiguous: it would step up from several revisions (" +
                                      Join(g_.IdsOf(starts)) + "); use " + Alternatives(choices));
  }
  return starts.front();
}

base::Result<int> RevisionGraph::Resolver::DownStart(const Target& target) const {
  std::vector<int> starts = current_;
  if (!target.label.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(int branch, Branch(target.label));
    const std::vector<char> lineage = Lineage(branch);
    std::erase_if(starts, [&](int h) { return !lineage[h]; });
    if (starts.empty()) {
      // The branch may be applied only below another head: its topmost
      // applied revisions through parents.
      for (int v : g_.by_id_) {
        if (!applied_[v] || !lineage[v]) continue;
        const auto& children = g_.vertices_[v].children;
        if (std::none_of(children.begin(), children.end(), [&](int c) { return applied_[c]; })) {
          starts.push_back(v);
        }
      }
    }
  }
  if (starts.empty()) {
    return base::Status::InvalidInput("'" + target.text + "': " + Where() +
                                      (target.label.empty() ? "; there is nothing below it"
                                                            : "; no revision of branch '" +
                                                                  target.label + "' is applied"));
  }
  if (starts.size() > 1) {
    // Name each head by a label no other starting head has, else by its id.
    std::vector<std::string> choices;
    for (int h : starts) {
      std::string choice = Id(h) + Signed(target.steps);
      for (const std::string& label : g_.vertices_[h].labels) {
        const bool unique = std::none_of(starts.begin(), starts.end(), [&](int other) {
          return other != h && g_.HasLabel(other, label);
        });
        if (unique) {
          choice = label + "@" + Signed(target.steps);
          break;
        }
      }
      choices.push_back(choice);
    }
    return base::Status::InvalidInput("'" + target.text +
                                      "' is ambiguous: the database has several heads (" +
                                      Join(g_.IdsOf(starts)) + "); use " + Alternatives(choices));
  }
  return starts.front();
}

base::Result<std::vector<int>> RevisionGraph::Resolver::Names(const Target& target) {
  auto one = [](int v) { return v == kBase ? std::vector<int>{} : std::vector<int>{v}; };
  std::vector<char> lineage;
  if (!target.label.empty() && target.steps > 0) {
    MIGRATE_ASSIGN_OR_RETURN(int branch, Branch(target.label));
    lineage = Lineage(branch);
  }
  const std::vector<char>* on_branch = lineage.empty() ? nullptr : &lineage;
  switch (target.anchor) {
    case Target::Anchor::kHead: {
      MIGRATE_ASSIGN_OR_RETURN(int head, SingleHead(target));
      if (target.steps == 0 || head == kBase) return one(head);
      MIGRATE_ASSIGN_OR_RETURN(int v, Walk(head, target.steps, nullptr, target));
      return one(v);
    }
    case Target::Anchor::kHeads: {
      if (target.label.empty()) {  // every head, less those another one depends on
        std::vector<int> heads;
        for (int h : g_.heads_) {
          if (g_.vertices_[h].dependents.empty()) heads.push_back(h);
        }
        return heads;
      }
      MIGRATE_ASSIGN_OR_RETURN(int branch, Branch(target.label));
      const std::vector<char> on = Lineage(branch);
      std::vector<int> heads = g_.heads_;
      std::erase_if(heads, [&](int h) { return !on[h]; });
      return heads;
    }
    case Target::Anchor::kBase: {
      if (target.steps == 0) return std::vector<int>{};
      MIGRATE_ASSIGN_OR_RETURN(int v, Walk(kBase, target.steps, on_branch, target));
      return one(v);
    }
    case Target::Anchor::kCurrent: {
      if (target.steps == 0) return current_;
      if (target.steps < 0) {
        MIGRATE_ASSIGN_OR_RETURN(Destination d, DowngradeDestination(target));
        return one(d.revision);
      }
      MIGRATE_ASSIGN_OR_RETURN(int start, UpStart(target, on_branch));
      MIGRATE_ASSIGN_OR_RETURN(int v, Walk(start, target.steps, on_branch, target));
      return one(v);
    }
    case Target::Anchor::kRevision: {
      MIGRATE_ASSIGN_OR_RETURN(int v, Revision(target));
      if (target.steps == 0) return one(v);
      MIGRATE_ASSIGN_OR_RETURN(int w, Walk(v, target.steps, on_branch, target));
      return one(w);
    }
  }
  return base::Status::Internal("unknown target anchor");
}

base::Result<RevisionGraph::Resolver::Destination> RevisionGraph::Resolver::DowngradeDestination(
    const Target& target) {
  Destination d;
  if (!target.label.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(d.branch, Branch(target.label));
  }
  if (target.steps > 0) {
    // Up from a named revision (REV+N, base+N), then down to there.
    MIGRATE_ASSIGN_OR_RETURN(std::vector<int> named, Names(target));
    d.revision = named.empty() ? kBase : named.front();
    return d;
  }
  switch (target.anchor) {
    case Target::Anchor::kBase:
      return d;
    case Target::Anchor::kHead:
    case Target::Anchor::kHeads: {
      // Alembic reads `Q@head` here as the graph's single head, and takes
      // the qualifier only to choose among the children it removes; `Q@head-N`
      // walks down from the branch's head.
      Target head = target;
      if (target.steps == 0) head.label.clear();
      if (target.anchor == Target::Anchor::kHeads) {
        MIGRATE_ASSIGN_OR_RETURN(std::vector<int> heads, Names(head));
        if (heads.size() > 1) {
          return base::Status::InvalidInput("Multiple heads (" + Join(g_.IdsOf(heads)) +
                                            "); name the revision to go back to");
        }
        d.revision = heads.empty() ? kBase : heads.front();
        return d;
      }
      MIGRATE_ASSIGN_OR_RETURN(int v, SingleHead(head));
      if (target.steps == 0 || v == kBase) {
        d.revision = v;
        return d;
      }
      MIGRATE_ASSIGN_OR_RETURN(d.revision, Walk(v, target.steps, nullptr, target));
      return d;
    }
    case Target::Anchor::kRevision: {
      if (target.steps == 0) {  // the qualifier is not checked here, as in Alembic
        MIGRATE_ASSIGN_OR_RETURN(d.revision, g_.ResolveIndex(target.revision));
        return d;
      }
      MIGRATE_ASSIGN_OR_RETURN(int v, Revision(target));
      MIGRATE_ASSIGN_OR_RETURN(d.revision, Walk(v, target.steps, nullptr, target));
      return d;
    }
    case Target::Anchor::kCurrent: {
      MIGRATE_ASSIGN_OR_RETURN(int start, DownStart(target));
      // Without a qualifier, the head walked from chooses the branch.
      if (target.label.empty()) d.branch = start;
      MIGRATE_ASSIGN_OR_RETURN(d.revision, Walk(start, target.steps, nullptr, target));
      return d;
    }
  }
  return base::Status::Internal("unknown target anchor");
}

}  // namespace migrate::graph
