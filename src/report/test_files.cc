// Test helpers (see test_files.h).
#include "report/test_files.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <vector>

namespace fremdrift::testing {

TempDir::TempDir() {
  std::string templ = (std::filesystem::temp_directory_path() / "fremdrift-report-XXXXXX").string();
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  char* made = mkdtemp(buf.data());
  path_ = made ? made : "";
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out.push_back(c);
    }
  }
  return out + "'";
}

std::string RunCommand(const std::string& command, int* exit_code) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) {
    if (exit_code) *exit_code = -1;
    return out;
  }
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
  int status = pclose(pipe);
  if (exit_code) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

std::string ReadXlsxEntry(const std::string& path, const std::string& entry) {
  return RunCommand("unzip -p " + ShellQuote(path) + " " + ShellQuote(entry) + " 2>/dev/null");
}

namespace {

std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : kEntities) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += 1) {
      s.replace(pos, std::string(from).size(), to);
    }
  }
  return s;
}

}  // namespace

PageInk RenderPdfPage(const std::string& pdf, int page, int dpi, const std::string& png) {
  PageInk ink;
  const std::string range = " -f " + std::to_string(page) + " -l " + std::to_string(page);
  if (!png.empty()) {
    std::string root = png.size() > 4 ? png.substr(0, png.size() - 4) : png;
    RunCommand("pdftoppm -png -singlefile -r 60" + range + " " + ShellQuote(pdf) + " " +
               ShellQuote(root));
  }
  std::string ppm =
      RunCommand("pdftoppm -r " + std::to_string(dpi) + range + " " + ShellQuote(pdf));
  // P6\n<w> <h>\n255\n<rgb bytes>
  int w = 0, h = 0, maxval = 0, consumed = 0;
  if (std::sscanf(ppm.c_str(), "P6 %d %d %d%n", &w, &h, &maxval, &consumed) != 3) return ink;
  const size_t start = static_cast<size_t>(consumed) + 1;
  if (ppm.size() < start + static_cast<size_t>(w) * h * 3) return ink;
  ink.width = w;
  ink.height = h;
  long dark = 0, colour = 0;
  for (long i = 0; i < static_cast<long>(w) * h; ++i) {
    auto px = [&](int c) { return static_cast<unsigned char>(ppm[start + i * 3 + c]); };
    int r = px(0), g = px(1), b = px(2);
    int lo = std::min({r, g, b}), hi = std::max({r, g, b});
    if (hi < 200) ++dark;
    if (hi - lo > 60) ++colour;
  }
  ink.dark = static_cast<double>(dark) / (static_cast<double>(w) * h);
  ink.colour = static_cast<double>(colour) / (static_cast<double>(w) * h);
  return ink;
}

int PdfPageCount(const std::string& pdf) {
  std::string info = RunCommand("pdfinfo " + ShellQuote(pdf));
  std::smatch m;
  static const std::regex pages("Pages:\\s+(\\d+)");
  return std::regex_search(info, m, pages) ? std::stoi(m[1]) : 0;
}

std::string PdfTextFlat(const std::string& pdf) {
  std::string text = RunCommand("pdftotext " + ShellQuote(pdf) + " -");
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::map<std::string, XlsxCell> ReadXlsxSheet(const std::string& path, int sheet_index) {
  std::map<std::string, XlsxCell> cells;
  std::string sheet =
      ReadXlsxEntry(path, "xl/worksheets/sheet" + std::to_string(sheet_index) + ".xml");
  std::string shared = ReadXlsxEntry(path, "xl/sharedStrings.xml");
  std::string styles = ReadXlsxEntry(path, "xl/styles.xml");
  if (sheet.empty()) return cells;

  std::vector<std::string> strings;
  std::regex si_re("<si>([\\s\\S]*?)</si>"), t_re("<t[^>]*>([\\s\\S]*?)</t>");
  for (auto it = std::sregex_iterator(shared.begin(), shared.end(), si_re);
       it != std::sregex_iterator(); ++it) {
    std::string si = (*it)[1], text;
    for (auto t = std::sregex_iterator(si.begin(), si.end(), t_re); t != std::sregex_iterator();
         ++t) {
      text += Unescape((*t)[1]);
    }
    strings.push_back(text);
  }

  std::map<int, std::string> formats = {{0, "General"},  {1, "0"},  {2, "0.00"},  {3, "#,##0"},
                                        {4, "#,##0.00"}, {9, "0%"}, {10, "0.00%"}};
  std::regex numfmt_re("<numFmt numFmtId=\"(\\d+)\" formatCode=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(styles.begin(), styles.end(), numfmt_re);
       it != std::sregex_iterator(); ++it) {
    formats[std::stoi((*it)[1])] = Unescape((*it)[2]);
  }
  // Fonts (to know bold), then cellXfs: each xf's numFmtId and fontId.
  std::vector<bool> font_bold;
  size_t fonts_begin = styles.find("<fonts"), fonts_end = styles.find("</fonts>");
  if (fonts_begin != std::string::npos && fonts_end != std::string::npos) {
    std::string fonts = styles.substr(fonts_begin, fonts_end - fonts_begin);
    std::regex font_re("<font>([\\s\\S]*?)</font>");
    for (auto it = std::sregex_iterator(fonts.begin(), fonts.end(), font_re);
         it != std::sregex_iterator(); ++it) {
      font_bold.push_back(std::string((*it)[1]).find("<b/>") != std::string::npos);
    }
  }
  std::vector<std::pair<int, int>> xfs;  // numFmtId, fontId
  size_t xf_begin = styles.find("<cellXfs"), xf_end = styles.find("</cellXfs>");
  if (xf_begin != std::string::npos && xf_end != std::string::npos) {
    std::string block = styles.substr(xf_begin, xf_end - xf_begin);
    std::regex xf_re("<xf ([^>]*?)/?>");
    std::regex num_re("numFmtId=\"(\\d+)\""), font_re("fontId=\"(\\d+)\"");
    for (auto it = std::sregex_iterator(block.begin(), block.end(), xf_re);
         it != std::sregex_iterator(); ++it) {
      std::string attrs = (*it)[1];
      std::smatch m;
      int num = std::regex_search(attrs, m, num_re) ? std::stoi(m[1]) : 0;
      int font = std::regex_search(attrs, m, font_re) ? std::stoi(m[1]) : 0;
      xfs.push_back({num, font});
    }
  }

  std::regex c_re("<c r=\"([A-Z]+\\d+)\"([^>]*?)(?:/>|>([\\s\\S]*?)</c>)");
  std::regex s_re("s=\"(\\d+)\""), type_re("t=\"(\\w+)\""), v_re("<v>([\\s\\S]*?)</v>");
  for (auto it = std::sregex_iterator(sheet.begin(), sheet.end(), c_re);
       it != std::sregex_iterator(); ++it) {
    std::string ref = (*it)[1], attrs = (*it)[2], body = (*it)[3];
    XlsxCell cell;
    std::smatch m;
    int style = std::regex_search(attrs, m, s_re) ? std::stoi(m[1]) : 0;
    std::string type = std::regex_search(attrs, m, type_re) ? std::string(m[1]) : "n";
    std::string v = std::regex_search(body, m, v_re) ? Unescape(m[1]) : "";
    if (type == "s") {
      cell.is_string = true;
      size_t idx = v.empty() ? strings.size() : std::stoul(v);
      cell.value = idx < strings.size() ? strings[idx] : "";
    } else {
      cell.value = v;
    }
    if (style >= 0 && static_cast<size_t>(style) < xfs.size()) {
      auto f = formats.find(xfs[style].first);
      cell.num_format = f == formats.end() ? "?" : f->second;
      int font = xfs[style].second;
      cell.bold = font >= 0 && static_cast<size_t>(font) < font_bold.size() && font_bold[font];
    } else {
      cell.num_format = "General";
    }
    cells[ref] = cell;
  }
  return cells;
}

}  // namespace fremdrift::testing
