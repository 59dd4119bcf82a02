// Reading a PDF's accessibility structure back (see pdf_structure_check.h).
#include "report/pdf_structure_check.h"

#include <nlohmann/json.hpp>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <set>

#include "report/test_files.h"

namespace fremdrift::testing {
namespace {

using json = nlohmann::json;

// A string value of qpdf's JSON ("u:text" or "b:hex"); the text of "u:".
std::string JsonText(const json& v) {
  if (!v.is_string()) return "";
  std::string s = v.get<std::string>();
  return s.rfind("u:", 0) == 0 ? s.substr(2) : s;
}

class Objects {
 public:
  explicit Objects(const json& doc) : doc_(doc) {}
  // The value of an indirect reference ("3 0 R"), or `v` itself when it is not one.
  const json& Resolve(const json& v) const {
    if (v.is_string()) {
      std::string s = v.get<std::string>();
      if (s.size() > 2 && s.compare(s.size() - 2, 2, " R") == 0) {
        auto it = doc_.find("obj:" + s);
        if (it != doc_.end()) {
          if (it->contains("value")) return (*it)["value"];
          if (it->contains("stream")) return (*it)["stream"]["dict"];
        }
        return null_;
      }
    }
    return v;
  }
  const json& Get(const json& dict, const char* key) const {
    if (!dict.is_object() || !dict.contains(key)) return null_;
    return Resolve(dict[key]);
  }

 private:
  const json& doc_;
  json null_;
};

// Walks the structure tree (children of /K in order).
void Walk(const Objects& o, const json& k, PdfStructure& s, int depth,
          std::set<std::pair<std::string, int>>* in_tree, const std::string& page) {
  if (depth > 200) return;
  const json& v = o.Resolve(k);
  if (v.is_array()) {
    for (const auto& child : v) Walk(o, child, s, depth + 1, in_tree, page);
    return;
  }
  if (v.is_number_integer()) {  // an MCID on the element's page
    in_tree->insert({page, v.get<int>()});
    return;
  }
  if (!v.is_object()) return;
  if (v.contains("/MCID")) {  // a marked-content reference
    std::string pg = v.contains("/Pg") ? v["/Pg"].get<std::string>() : page;
    in_tree->insert({pg, v["/MCID"].get<int>()});
    return;
  }
  if (!v.contains("/S")) return;
  std::string type = v["/S"].get<std::string>().substr(1);
  ++s.elements[type];
  if (type == "H" || (type.size() == 2 && type[0] == 'H' && type[1] >= '1' && type[1] <= '6')) {
    s.headings.push_back(type);
  }
  if (type == "Figure") s.figure_alt.push_back(JsonText(o.Get(v, "/Alt")));
  if (type == "TH") {
    const json& a = o.Get(v, "/A");
    if (!a.is_object() || !a.contains("/Scope")) ++s.th_without_scope;
  }
  int th_before = s.elements["TH"];
  std::string pg = v.contains("/Pg") ? v["/Pg"].get<std::string>() : page;
  if (v.contains("/K")) Walk(o, v["/K"], s, depth + 1, in_tree, pg);
  if (type == "Table") {
    ++s.tables;
    if (s.elements["TH"] > th_before) ++s.tables_with_th;
  }
}

// Checks the page content with libqpdf's content parser: nothing painted outside marked content,
// and every MCID on the page belongs to a structure element.
class ContentCheck : public QPDFObjectHandle::ParserCallbacks {
 public:
  ContentCheck(PdfStructure& s, int page, const std::set<int>& mcids_in_tree)
      : s_(s), page_(page), in_tree_(mcids_in_tree) {}
  void handleObject(QPDFObjectHandle obj, size_t, size_t) override {
    if (!obj.isOperator()) {
      operands_.push_back(obj);
      return;
    }
    const std::string op = obj.getOperatorValue();
    if (op == "BDC" || op == "BMC") {
      ++depth_;
      const bool artifact =
          !operands_.empty() && operands_[0].isName() && operands_[0].getName() == "/Artifact";
      const bool content = op == "BDC" && operands_.size() == 2 && operands_[1].isDictionary() &&
                           operands_[1].hasKey("/MCID");
      if (artifact) ++s_.artifacts;
      if (content) ++s_.marked_sequences;
      // Painting is accounted for inside an artifact or a structure element's content.
      owned_.push_back(artifact || content || (!owned_.empty() && owned_.back()));
      if (content) {
        int mcid = static_cast<int>(operands_[1].getKey("/MCID").getIntValue());
        if (!in_tree_.count(mcid)) {
          Problem("MCID " + std::to_string(mcid) + " belongs to no structure element");
        }
      }
    } else if (op == "EMC") {
      if (depth_ == 0) Problem("EMC without a marked-content sequence");
      --depth_;
      if (!owned_.empty()) owned_.pop_back();
    } else if ((owned_.empty() || !owned_.back()) && kPainting.count(op)) {
      Problem("'" + op + "' paints outside marked content (neither tagged nor an artifact)");
    }
    operands_.clear();
  }
  void handleEOF() override {
    if (depth_ != 0) Problem("marked-content sequences not closed at the end of the page");
  }

 private:
  void Problem(const std::string& what) {
    if (s_.content_problems.size() < 20) {
      s_.content_problems.push_back("page " + std::to_string(page_) + ": " + what);
    }
  }
  inline static const std::set<std::string> kPainting = {
      "Tj", "TJ", "'", "\"", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "Do", "sh", "EI"};
  PdfStructure& s_;
  int page_;
  const std::set<int>& in_tree_;
  std::vector<QPDFObjectHandle> operands_;
  int depth_ = 0;
  std::vector<bool> owned_;  // per open sequence: inside an artifact or structure content
};

}  // namespace

PdfStructure ReadPdfStructure(const std::string& path) {
  PdfStructure s;
  int rc = 0;
  std::string text = RunCommand("qpdf --json --json-key=qpdf " + ShellQuote(path) + " 2>&1", &rc);
  if (rc != 0) {
    s.error = "qpdf --json failed (" + std::to_string(rc) + "): " + text.substr(0, 500);
    return s;
  }
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.contains("qpdf") || doc["qpdf"].size() < 2) {
    s.error = "qpdf --json gave no objects";
    return s;
  }
  const json& objects = doc["qpdf"][1];
  Objects o(objects);
  const json& trailer = objects["trailer"]["value"];
  const json& root = o.Get(trailer, "/Root");
  const json& info = o.Get(trailer, "/Info");
  s.title = JsonText(o.Get(info, "/Title"));
  s.lang = JsonText(o.Get(root, "/Lang"));
  const json& mark = o.Get(root, "/MarkInfo");
  s.marked = mark.is_object() && mark.value("/Marked", false);
  const json& prefs = o.Get(root, "/ViewerPreferences");
  s.display_doc_title = prefs.is_object() && prefs.value("/DisplayDocTitle", false);
  const json& tree = o.Get(root, "/StructTreeRoot");
  s.has_struct_tree = tree.is_object();
  std::set<std::pair<std::string, int>> in_tree;
  if (s.has_struct_tree && tree.contains("/K")) Walk(o, tree["/K"], s, 0, &in_tree, "");

  // Page content, through libqpdf's content parser.
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processFile(path.c_str());
    int n = 0;
    for (auto& page : QPDFPageDocumentHelper(q).getAllPages()) {
      ++n;
      QPDFObjGen og = page.getObjectHandle().getObjGen();
      std::string ref = std::to_string(og.getObj()) + " " + std::to_string(og.getGen()) + " R";
      std::set<int> mcids;
      for (const auto& [pg, mcid] : in_tree) {
        if (pg == ref) mcids.insert(mcid);
      }
      ContentCheck check(s, n, mcids);
      page.parseContents(&check);
    }
  } catch (const std::exception& e) {
    s.error = std::string("libqpdf: ") + e.what();
  }
  return s;
}

std::vector<std::string> TaggedPdfProblems(const PdfStructure& s) {
  std::vector<std::string> p;
  if (!s.error.empty()) return {s.error};
  if (!s.marked) p.push_back("/MarkInfo /Marked is not true");
  if (s.lang != "da-DK") p.push_back("/Lang is '" + s.lang + "', not da-DK");
  if (s.title.empty()) p.push_back("no /Title in the document information");
  if (!s.display_doc_title) p.push_back("/ViewerPreferences /DisplayDocTitle is not true");
  if (!s.has_struct_tree) p.push_back("no /StructTreeRoot");
  if (s.headings.empty()) p.push_back("no heading element");
  if (!s.elements.count("P")) p.push_back("no P element");
  // Headings start at H1 and never skip a level downwards.
  int level = 0;
  for (const auto& h : s.headings) {
    if (h == "H") continue;
    int l = h[1] - '0';
    if (l > level + 1) p.push_back(h + " follows H" + std::to_string(level));
    level = l;
  }
  if (s.tables_with_th != s.tables) {
    p.push_back(std::to_string(s.tables - s.tables_with_th) + " of " + std::to_string(s.tables) +
                " tables without TH cells");
  }
  if (s.th_without_scope) p.push_back(std::to_string(s.th_without_scope) + " TH without /Scope");
  for (std::size_t i = 0; i < s.figure_alt.size(); ++i) {
    if (s.figure_alt[i].empty()) p.push_back("Figure " + std::to_string(i + 1) + " has no /Alt");
  }
  if (s.marked_sequences == 0) p.push_back("no marked content");
  for (const auto& c : s.content_problems) p.push_back(c);
  return p;
}

}  // namespace fremdrift::testing
