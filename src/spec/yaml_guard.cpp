#include "spec/yaml_guard.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>
#include <vector>

namespace jb::spec {

namespace {

struct Stop {
  std::size_t offset;
  core::Text message;
  core::Text hint;
};

class Guard final : public YAML::EventHandler {
 public:
  explicit Guard(YamlLimits limits) : limits_(limits) {}

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1)
      stop(mark, core::say("the spec holds more than one YAML document ('---')"),
           core::say("a spec is one document; split it into files"));
  }
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { anchor_name_ = name; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { leaf(mark, anchor); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string&) override {
    leaf(mark, anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    const auto it = anchors_.find(anchor);
    if (it == anchors_.end()) return;  // the full parse reports an unknown alias
    if (it->second.open)
      stop(mark,
           core::say("the alias *{} refers to a node that contains it (a cycle)", it->second.name),
           core::say("a spec never needs a cycle; write the value out"));
    aliased_ = true;
    count(mark, it->second.size);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Anchor {
    std::string name;
    bool open = false;
    std::size_t size = 1;  // nodes in the anchored node, its aliases expanded
  };
  struct Open {
    YAML::anchor_t anchor;
    std::size_t nodes_before;
  };

  [[noreturn]] void stop(const YAML::Mark& mark, core::Text message, core::Text hint = {}) {
    throw Stop{mark.pos < 0 ? 0 : static_cast<std::size_t>(mark.pos), std::move(message),
               std::move(hint)};
  }
  void count(const YAML::Mark& mark, std::size_t n) {
    nodes_ += n;
    if (nodes_ > limits_.max_nodes && aliased_)
      stop(mark,
           core::say("the spec expands to more than {} values (aliases repeating aliases)",
                     limits_.max_nodes),
           core::say("a spec is a page of settings and prose; aliases that multiply are refused"));
    if (nodes_ > limits_.max_nodes)
      stop(mark, core::say("the spec holds more than {} values", limits_.max_nodes),
           core::say("a spec is a page of settings and prose; rows of data belong in a data file"));
  }
  void name_anchor(YAML::anchor_t anchor) {
    if (anchor == 0) return;
    anchors_[anchor] =
        Anchor{anchor_name_.empty() ? std::to_string(anchor) : anchor_name_, false, 1};
    anchor_name_.clear();
  }
  void leaf(const YAML::Mark& mark, YAML::anchor_t anchor) {
    name_anchor(anchor);
    count(mark, 1);
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      stop(mark, core::say("the spec nests deeper than {} levels", limits_.max_depth),
           core::say("a spec needs about six: body, a block, its columns, a column"));
    name_anchor(anchor);
    if (anchor) anchors_[anchor].open = true;
    count(mark, 1);
    stack_.push_back({anchor, nodes_});
  }
  void close() {
    const Open o = stack_.back();
    stack_.pop_back();
    if (o.anchor) {
      Anchor& a = anchors_[o.anchor];
      a.open = false;
      a.size = nodes_ - o.nodes_before + 1;
    }
  }

  YamlLimits limits_;
  int documents_ = 0;
  bool aliased_ = false;  // an alias was expanded: the count may come from repetition
  std::size_t nodes_ = 0;
  std::string anchor_name_;
  std::map<YAML::anchor_t, Anchor> anchors_;
  std::vector<Open> stack_;
};

}  // namespace

void guard_yaml(const std::string& yaml, const SourceMap& source, YamlLimits limits) {
  std::istringstream in(yaml);
  Guard guard(limits);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(guard)) {
    }
  } catch (const Stop& s) {
    throw core::UserError(core::ExitCode::invalid_spec, source.at(s.offset), s.message, s.hint);
  } catch (const YAML::Exception&) {
    // Invalid YAML: the full parse reports it with its own message.
  }
}

}  // namespace jb::spec
