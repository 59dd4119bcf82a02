// Tagged-PDF completion with libqpdf (see pdf_tagging.h).
#include "report/pdf_tagging.h"

#include <exception>
#include <memory>
#include <qpdf/Buffer.hh>
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>
#include <qpdf/QPDFPageObjectHelper.hh>
#include <qpdf/QPDFWriter.hh>
#include <set>

#include "report/svg_chart.h"  // XmlEscape

namespace fremdrift {
namespace {

// Wraps page content that lies outside every marked-content sequence in "/Artifact BMC ... EMC".
// cairo marks the content drawn inside a structure element's leaf (BDC ... EMC at depth 0) and
// leaves everything else unmarked. An artifact opens at the first operator that starts a
// graphics object (or non-structure marked content) outside marked content and closes before the
// next structure element's content, before a Q that restores a state saved outside it, or at the
// end of the stream.
class ArtifactMarker : public QPDFObjectHandle::TokenFilter {
 public:
  void handleToken(QPDFTokenizer::Token const& token) override {
    if (token.getType() != QPDFTokenizer::tt_word) {
      pending_.push_back(token);  // operands and white space wait for their operator
      return;
    }
    const std::string& op = token.getValue();
    if (op == "BDC" || op == "BMC") {
      // A structure element's content (BDC with an MCID) ends an artifact; other marked content
      // at the top level (cairo's /Span with /ActualText) belongs to the artifact around it.
      const bool content = op == "BDC" && HasMcid();
      if (depth_ == 0 && artifact_ && content) Close();
      if (depth_ == 0 && !artifact_ && !content) Open();
      ++depth_;
    } else if (op == "EMC") {
      if (depth_ > 0) --depth_;
    } else if (op == "q") {
      ++saved_;
    } else if (op == "Q") {
      if (artifact_ && saved_ <= artifact_saved_) Close();
      if (saved_ > 0) --saved_;
    } else if (depth_ == 0 && !artifact_ && StartsGraphicsObject(op)) {
      Open();
    }
    for (const auto& t : pending_) writeToken(t);
    pending_.clear();
    writeToken(token);
  }
  void handleEOF() override {
    for (const auto& t : pending_) writeToken(t);
    pending_.clear();
    if (artifact_) Close();
  }

 private:
  static bool StartsGraphicsObject(const std::string& op) {
    static const std::set<std::string> kOps = {"BT", "m", "re", "Do", "sh", "BI"};
    return kOps.count(op) > 0;
  }
  bool HasMcid() const {
    for (const auto& t : pending_) {
      if (t.getType() == QPDFTokenizer::tt_name &&
          (t.getValue() == "/MCID" || t.getValue() == "MCID")) {
        return true;
      }
    }
    return false;
  }
  void Open() {
    write("/Artifact BMC\n");
    artifact_ = true;
    artifact_saved_ = saved_;
  }
  void Close() {
    write("\nEMC\n");
    artifact_ = false;
  }

  std::vector<QPDFTokenizer::Token> pending_;
  int depth_ = 0;
  int saved_ = 0;
  bool artifact_ = false;
  int artifact_saved_ = 0;
};

std::string Xmp(const PdfAccessibility& info) {
  std::string x =
      "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
      "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
      "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
      "<dc:format>application/pdf</dc:format>\n";
  x += "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + XmlEscape(info.title) +
       "</rdf:li></rdf:Alt></dc:title>\n";
  if (!info.author.empty()) {
    x += "<dc:creator><rdf:Seq><rdf:li>" + XmlEscape(info.author) +
         "</rdf:li></rdf:Seq></dc:creator>\n";
  }
  x +=
      "<dc:language><rdf:Bag><rdf:li>" + XmlEscape(info.lang) + "</rdf:li></rdf:Bag></dc:language>\n";
  x += "<xmp:CreatorTool>fremdrift</xmp:CreatorTool>\n";
  if (!info.date.empty()) {
    x += "<xmp:CreateDate>" + info.date + "</xmp:CreateDate>\n<xmp:ModifyDate>" + info.date +
         "</xmp:ModifyDate>\n";
  }
  x += "</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>\n";
  return x;
}

// Walks the structure tree in document order, setting /Alt on Figures and /Scope on THs.
class StructureWalker {
 public:
  explicit StructureWalker(const std::vector<std::string>& alt) : alt_(alt) {}

  void Visit(QPDFObjectHandle kids, bool first_row) {
    if (kids.isArray()) {
      for (int i = 0; i < kids.getArrayNItems(); ++i) Visit(kids.getArrayItem(i), first_row);
      return;
    }
    if (!kids.isDictionary() || !kids.hasKey("/S")) return;  // MCIDs, marked-content references
    const std::string type = kids.getKey("/S").isName() ? kids.getKey("/S").getName() : "";
    if (type == "/Figure") {
      if (figures_ < alt_.size()) {
        kids.replaceKey("/Alt", QPDFObjectHandle::newUnicodeString(alt_[figures_]));
      }
      ++figures_;
    } else if (type == "/TH") {
      auto attrs = QPDFObjectHandle::newDictionary();
      attrs.replaceKey("/O", QPDFObjectHandle::newName("/Table"));
      attrs.replaceKey("/Scope", QPDFObjectHandle::newName(first_row ? "/Column" : "/Row"));
      kids.replaceKey("/A", attrs);
    }
    if (type == "/Table") rows_.push_back(0);
    if (type == "/TR" && !rows_.empty()) first_row = rows_.back()++ == 0;
    if (kids.hasKey("/K")) Visit(kids.getKey("/K"), first_row);
    if (type == "/Table") rows_.pop_back();
  }
  std::size_t figures() const { return figures_; }

 private:
  const std::vector<std::string>& alt_;
  std::size_t figures_ = 0;
  std::vector<int> rows_;  // rows seen so far in each enclosing table
};

}  // namespace

Result<std::string> FinishTaggedPdf(const std::string& pdf, const PdfAccessibility& info) {
  try {
    QPDF q;
    q.setSuppressWarnings(true);
    q.processMemoryFile("committee document", pdf.data(), pdf.size());
    QPDFObjectHandle root = q.getRoot();
    QPDFObjectHandle tree = root.getKey("/StructTreeRoot");
    if (!tree.isDictionary()) return Internal("pdf tagging: the PDF has no structure tree");
    StructureWalker walker(info.figure_alt);
    walker.Visit(tree.getKey("/K"), false);
    if (walker.figures() != info.figure_alt.size()) {
      return Internal("pdf tagging: {} Figure elements for {} text alternatives", walker.figures(),
                      info.figure_alt.size());
    }
    root.replaceKey("/Lang", QPDFObjectHandle::newString(info.lang));
    auto prefs = QPDFObjectHandle::newDictionary();
    prefs.replaceKey("/DisplayDocTitle", QPDFObjectHandle::newBool(true));
    root.replaceKey("/ViewerPreferences", prefs);
    auto mark = QPDFObjectHandle::newDictionary();
    mark.replaceKey("/Marked", QPDFObjectHandle::newBool(true));
    root.replaceKey("/MarkInfo", mark);
    QPDFObjectHandle xmp = q.newStream(Xmp(info));
    xmp.getDict().replaceKey("/Type", QPDFObjectHandle::newName("/Metadata"));
    xmp.getDict().replaceKey("/Subtype", QPDFObjectHandle::newName("/XML"));
    root.replaceKey("/Metadata", xmp);
    for (auto& page : QPDFPageDocumentHelper(q).getAllPages()) {
      page.addContentTokenFilter(std::make_shared<ArtifactMarker>());
    }
    QPDFWriter w(q);
    w.setOutputMemory();
    w.setDeterministicID(true);
    w.setObjectStreamMode(qpdf_o_generate);
    w.write();
    if (q.anyWarnings()) {
      auto warnings = q.getWarnings();
      return Internal("pdf tagging: {}", warnings.empty() ? "warning" : warnings.front().what());
    }
    std::shared_ptr<Buffer> out = w.getBufferSharedPointer();
    return std::string(reinterpret_cast<const char*>(out->getBuffer()), out->getSize());
  } catch (const std::exception& e) {
    return Internal("pdf tagging: {}", e.what());
  }
}

}  // namespace fremdrift
