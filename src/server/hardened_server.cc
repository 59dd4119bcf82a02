// HardenedServer (hardened_server.h): per-connection threads, the guarded stream, TLS with OpenSSL.
#include "server/hardened_server.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>
#include <thread>

namespace fremdrift::server {
namespace {

using Clock = std::chrono::steady_clock;

// What stopped a connection's stream; the ones with an HTTP status get that answer before close.
enum class Trip { kNone, kRequestLine, kHeaderLine, kHeaderCount, kHeadSize, kTimeout, kBody };

int TripStatus(Trip t) {
  switch (t) {
    case Trip::kRequestLine:
      return 414;
    case Trip::kHeaderLine:
    case Trip::kHeaderCount:
    case Trip::kHeadSize:
      return 431;
    case Trip::kTimeout:
      return 408;
    case Trip::kBody:
      return 413;
    default:
      return 0;
  }
}

const char* TripMessage(Trip t) {
  switch (t) {
    case Trip::kRequestLine:
      return "request line too long";
    case Trip::kHeaderLine:
      return "header line too long";
    case Trip::kHeaderCount:
      return "too many header lines";
    case Trip::kHeadSize:
      return "request head too large";
    case Trip::kTimeout:
      return "request not received in time";
    case Trip::kBody:
      return "request body too large";
    default:
      return "";
  }
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 408:
      return "Request Timeout";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

// A complete response written by the connection loop itself (httplib never saw the request).
std::string RawResponse(int status, const char* code, const char* message) {
  std::string body = fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})", code, message);
  return fmt::format(
      "HTTP/1.1 {} {}\r\nContent-Type: application/json; charset=utf-8\r\n"
      "Content-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n"
      "X-Content-Type-Options: nosniff\r\n\r\n{}",
      status, ReasonPhrase(status), body.size(), body);
}

int MillisUntil(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 1'000'000));
}

// Waits for `events` on `fd` until `deadline`; true when ready.
bool WaitFor(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    int n = ::poll(&p, 1, MillisUntil(deadline));
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno != EINTR) return false;
  }
}

// Per-thread state of the request being served, shared by the pre-routing checks and the loop.
struct RequestState {
  bool close_after = false;  // answer, then close (an unread body, a refusal)
  bool multi_range = false;  // the Range header had more than one range (removed)
  // The server's count of body bytes being read now, its limit, and this request's share.
  std::atomic<std::size_t>* bodies_in_flight = nullptr;
  std::size_t max_bodies_in_flight = 0;
  std::size_t reserved = 0;
  // What httplib answered (its logger hook), for the request log.
  bool answered = false;
  std::string method, path;
  httplib::Params params;
  int status = 0;
};
thread_local RequestState* t_request = nullptr;
thread_local bool t_over_capacity = false;

// The stream httplib reads the request from and writes the answer to. In the head it hands out
// bytes one at a time (as httplib asks) and counts lines, line lengths and bytes; in the body it
// hands out at most max_body bytes. A limit or deadline "trips" the stream: reads fail, writes are
// swallowed (httplib's own 400 for a failed head), and the loop writes the right answer.
class GuardedStream final : public httplib::Stream {
 public:
  GuardedStream(int fd, SSL* ssl, const HardenedLimits& limits)
      : fd_(fd), ssl_(ssl), limits_(limits) {}

  void BeginRequest(Clock::time_point head_start) {
    head_ = true;
    line_len_ = 0;
    line_has_content_ = false;
    lines_ = 0;
    head_bytes_ = 0;
    body_bytes_ = 0;
    head_deadline_ = head_start + limits_.head_timeout;
    request_deadline_ = head_start + limits_.request_timeout;
  }
  Trip trip() const { return trip_; }
  bool HasBuffered() const { return pos_ < len_ || (ssl_ != nullptr && SSL_pending(ssl_) > 0); }
  // Waits until a next request's first byte is there (or idle timeout / server stop).
  bool WaitForNextRequest(const std::atomic<socket_t>& listening) {
    auto deadline = Clock::now() + limits_.idle_timeout;
    while (!HasBuffered()) {
      if (listening == INVALID_SOCKET || Clock::now() >= deadline) return false;
      auto slice = std::min(deadline, Clock::now() + std::chrono::milliseconds(200));
      if (WaitFor(fd_, POLLIN, slice)) return true;
    }
    return true;
  }
  // Writes bytes past the trip state (the loop's own answers).
  bool WriteRaw(const std::string& data) { return Send(data.data(), data.size()) >= 0; }

  bool is_readable() const override {
    if (HasBuffered()) return true;
    return WaitFor(fd_, POLLIN, head_ ? head_deadline_ : request_deadline_);
  }
  bool is_writable() const override {
    return WaitFor(fd_, POLLOUT, Clock::now() + limits_.write_timeout);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (trip_ != Trip::kNone || size == 0) return -1;
    if (head_) return ReadHead(ptr, size);
    if (body_bytes_ >= limits_.max_body) {
      trip_ = Trip::kBody;
      return -1;
    }
    size = std::min(size, limits_.max_body - body_bytes_);
    if (pos_ == len_) {
      ssize_t n = Fill(request_deadline_);
      if (n <= 0) return n;
    }
    size_t n = std::min(size, len_ - pos_);
    std::memcpy(ptr, buf_.data() + pos_, n);
    pos_ += n;
    body_bytes_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (trip_ != Trip::kNone) return static_cast<ssize_t>(size);  // the loop answers instead
    return Send(ptr, size);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      Name(addr, len, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof(addr);
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      Name(addr, len, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  static void Name(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> serv{};
    if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host.data(), host.size(),
                      serv.data(), serv.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host.data();
      port = std::atoi(serv.data());
    }
  }

  ssize_t ReadHead(char* ptr, size_t size) {
    size_t given = 0;
    while (given < size && head_) {
      if (pos_ == len_) {
        if (given > 0) break;
        ssize_t n = Fill(std::min(head_deadline_, request_deadline_));
        if (n <= 0) return n;
      }
      char c = buf_[pos_];
      if (++head_bytes_ > limits_.max_head) {
        trip_ = Trip::kHeadSize;
        return -1;
      }
      if (c == '\n') {
        if (!line_has_content_ && lines_ > 0) {
          head_ = false;  // the blank line: the body (if any) follows
        } else if (++lines_ > limits_.max_headers + 1) {
          trip_ = Trip::kHeaderCount;
          return -1;
        }
        line_len_ = 0;
        line_has_content_ = false;
      } else {
        if (++line_len_ > limits_.max_line) {
          trip_ = lines_ == 0 ? Trip::kRequestLine : Trip::kHeaderLine;
          return -1;
        }
        if (c != '\r') line_has_content_ = true;
      }
      ptr[given++] = c;
      ++pos_;
    }
    return static_cast<ssize_t>(given);
  }

  // Reads what is available into the buffer, waiting until `deadline`. 0: the peer closed.
  ssize_t Fill(Clock::time_point deadline) {
    pos_ = len_ = 0;
    for (;;) {
      ssize_t n;
      short want = POLLIN;
      if (ssl_) {
        ERR_clear_error();
        int r = SSL_read(ssl_, buf_.data(), static_cast<int>(buf_.size()));
        if (r > 0) {
          n = r;
        } else {
          int err = SSL_get_error(ssl_, r);
          if (err == SSL_ERROR_ZERO_RETURN) return 0;
          if (err == SSL_ERROR_WANT_WRITE) {
            want = POLLOUT;
          } else if (err != SSL_ERROR_WANT_READ) {
            return -1;
          }
          n = -2;
        }
      } else {
        n = ::recv(fd_, buf_.data(), buf_.size(), 0);
        if (n == 0) return 0;
        if (n < 0) {
          if (errno == EINTR) continue;
          if (errno != EAGAIN && errno != EWOULDBLOCK) return -1;
          n = -2;
        }
      }
      if (n > 0) {
        len_ = static_cast<size_t>(n);
        return n;
      }
      if (Clock::now() >= deadline || !WaitFor(fd_, want, deadline)) {
        trip_ = Trip::kTimeout;
        return -1;
      }
    }
  }

  ssize_t Send(const char* ptr, size_t size) {
    size_t done = 0;
    auto deadline = Clock::now() + limits_.write_timeout;
    while (done < size) {
      short want = POLLOUT;
      if (ssl_) {
        ERR_clear_error();
        int chunk = static_cast<int>(std::min<size_t>(size - done, 1 << 20));
        int r = SSL_write(ssl_, ptr + done, chunk);
        if (r > 0) {
          done += static_cast<size_t>(r);
          deadline = Clock::now() + limits_.write_timeout;
          continue;
        }
        int err = SSL_get_error(ssl_, r);
        if (err == SSL_ERROR_WANT_READ) {
          want = POLLIN;
        } else if (err != SSL_ERROR_WANT_WRITE) {
          return -1;
        }
      } else {
        ssize_t n = ::send(fd_, ptr + done, size - done, MSG_NOSIGNAL);
        if (n > 0) {
          done += static_cast<size_t>(n);
          deadline = Clock::now() + limits_.write_timeout;
          continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) return -1;
      }
      if (!WaitFor(fd_, want, deadline)) return -1;
    }
    return static_cast<ssize_t>(size);
  }

  int fd_;
  SSL* ssl_;
  const HardenedLimits& limits_;
  std::array<char, 16 * 1024> buf_{};
  size_t pos_ = 0, len_ = 0;
  Trip trip_ = Trip::kNone;
  bool head_ = true;
  bool line_has_content_ = false;
  size_t line_len_ = 0, lines_ = 0, head_bytes_ = 0, body_bytes_ = 0;
  Clock::time_point head_deadline_{}, request_deadline_{};
};

// Reads and drops what the client still sends (for up to 2 s) after our last answer, so that
// closing does not reset the connection before the client has read that answer (a reset can
// discard it from the client's receive buffer). Nothing is kept.
void LingerAndClose(int fd) {
  ::shutdown(fd, SHUT_WR);
  auto deadline = Clock::now() + std::chrono::seconds(2);
  std::array<char, 64 * 1024> sink{};
  while (WaitFor(fd, POLLIN, deadline)) {
    ssize_t n = ::recv(fd, sink.data(), sink.size(), 0);
    if (n <= 0 && !(n < 0 && (errno == EINTR || errno == EAGAIN))) break;
  }
  ::close(fd);
}

bool SetNonBlocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  return flags >= 0 && ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

// The TLS handshake, bounded by `deadline`.
bool Accept(SSL* ssl, int fd, Clock::time_point deadline) {
  for (;;) {
    ERR_clear_error();
    int r = SSL_accept(ssl);
    if (r == 1) return true;
    int err = SSL_get_error(ssl, r);
    short want;
    if (err == SSL_ERROR_WANT_READ) {
      want = POLLIN;
    } else if (err == SSL_ERROR_WANT_WRITE) {
      want = POLLOUT;
    } else {
      return false;
    }
    if (!WaitFor(fd, want, deadline)) return false;
  }
}

bool IsDigits(const std::string& s) {
  return !s.empty() && s.size() <= 19 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// ---- connections: a thread each, up to the cap ----

struct HardenedServer::Connections {
  std::mutex mu;
  std::condition_variable idle;
  std::size_t active = 0;
  std::size_t cap = 0;
  std::atomic<std::size_t> bodies_in_flight{0};
};

namespace {

// httplib's task queue: the accept loop hands each connection here. Below the cap it gets a
// thread of its own (so slow clients hold only their own thread); at the cap the connection is
// run on the accepting thread marked "over capacity", which answers 503 without waiting.
template <class Connections>
class ConnectionQueue final : public httplib::TaskQueue {
 public:
  explicit ConnectionQueue(std::shared_ptr<Connections> c) : c_(std::move(c)) {}
  void enqueue(std::function<void()> fn) override {
    {
      std::unique_lock lock(c_->mu);
      if (c_->active >= c_->cap) {
        lock.unlock();
        t_over_capacity = true;
        fn();
        t_over_capacity = false;
        return;
      }
      ++c_->active;
    }
    try {
      std::thread([c = c_, fn] {
        fn();
        std::lock_guard lock(c->mu);
        if (--c->active == 0) c->idle.notify_all();
      }).detach();
    } catch (const std::system_error&) {  // no thread to be had: answer as over capacity
      {
        std::lock_guard lock(c_->mu);
        if (--c_->active == 0) c_->idle.notify_all();
      }
      t_over_capacity = true;
      fn();
      t_over_capacity = false;
    }
  }
  void shutdown() override {
    std::unique_lock lock(c_->mu);
    c_->idle.wait(lock, [&] { return c_->active == 0; });
  }

 private:
  std::shared_ptr<Connections> c_;
};

}  // namespace

Result<std::unique_ptr<HardenedServer>> HardenedServer::Create(const HardenedLimits& limits,
                                                               const std::string& tls_cert,
                                                               const std::string& tls_key) {
  SSL_CTX* ctx = nullptr;
  if (!tls_cert.empty()) {
    ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) return Internal("cannot create a TLS context");
    bool ok = SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1 &&
              SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) == 1 &&
              SSL_CTX_use_certificate_chain_file(ctx, tls_cert.c_str()) == 1 &&
              SSL_CTX_use_PrivateKey_file(ctx, tls_key.c_str(), SSL_FILETYPE_PEM) == 1 &&
              SSL_CTX_check_private_key(ctx) == 1;
    ERR_clear_error();
    if (!ok) {
      SSL_CTX_free(ctx);
      return InvalidArgument("--tls-cert/--tls-key: cannot load {} and {}", tls_cert, tls_key);
    }
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                                 SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  }
  return std::unique_ptr<HardenedServer>(new HardenedServer(limits, ctx));
}

HardenedServer::HardenedServer(const HardenedLimits& limits, SSL_CTX* ctx)
    : limits_(limits), ctx_(ctx), connections_(std::make_shared<Connections>()) {
  connections_->cap = std::max<std::size_t>(1, limits_.max_connections);
  new_task_queue = [c = connections_] { return new ConnectionQueue<Connections>(c); };
  set_payload_max_length(limits_.max_body);
  set_keep_alive_max_count(std::max<std::size_t>(1, limits_.max_requests_per_connection));
  set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (RequestState* state = t_request) {
      state->answered = true;
      state->method = req.method;
      state->path = req.path;
      state->params = req.params;
      state->status = res.status;
    }
  });
}

HardenedServer::~HardenedServer() {
  if (ctx_) SSL_CTX_free(ctx_);
}

std::size_t HardenedServer::bodies_in_flight() const {
  return connections_->bodies_in_flight.load();
}

std::size_t HardenedServer::open_connections() const {
  std::lock_guard lock(connections_->mu);
  return connections_->active;
}

bool HardenedServer::process_and_close_socket(socket_t sock) {
  if (t_over_capacity) {
    std::string busy = RawResponse(503, "unavailable", "too many connections; try again");
    (void)::send(sock, busy.data(), busy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    if (request_log_) request_log_("", "", {}, 503, 0.0);
    return false;
  }
  ServeConnection(sock);
  return true;
}

void HardenedServer::ServeConnection(socket_t sock) {
  const auto connected = Clock::now();
  if (!SetNonBlocking(sock)) {
    ::close(sock);
    return;
  }
  SSL* ssl = nullptr;
  if (ctx_) {
    ssl = SSL_new(ctx_);
    if (!ssl || SSL_set_fd(ssl, sock) != 1 ||
        !Accept(ssl, sock, connected + limits_.head_timeout)) {
      if (ssl) SSL_free(ssl);
      ::close(sock);
      return;
    }
  }
  GuardedStream strm(sock, ssl, limits_);
  bool graceful = true;
  for (std::size_t count = 0; count < keep_alive_max_count_; ++count) {
    if (svr_sock_ == INVALID_SOCKET) break;
    auto head_start = connected;
    if (count > 0) {
      if (!strm.WaitForNextRequest(svr_sock_)) break;
      head_start = Clock::now();
    }
    strm.BeginRequest(head_start);
    RequestState state;
    state.bodies_in_flight = &connections_->bodies_in_flight;
    state.max_bodies_in_flight = limits_.max_bodies_in_flight;
    t_request = &state;
    bool connection_closed = false;
    const bool last = count + 1 == keep_alive_max_count_;
    bool ok = process_request(strm, last, connection_closed, [&](httplib::Request& req) {
      if (ssl) req.ssl = ssl;
      state.multi_range = req.ranges.size() > 1;
      req.ranges.clear();
      // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3);
      // httplib would otherwise read a POST until the connection closes.
      if (!req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
        req.set_header("Content-Length", "0");
      }
    });
    t_request = nullptr;
    if (state.reserved > 0) connections_->bodies_in_flight.fetch_sub(state.reserved);
    const auto elapsed_ms = [&] {
      return std::chrono::duration<double, std::milli>(Clock::now() - head_start).count();
    };
    if (Trip t = strm.trip(); t != Trip::kNone) {
      if (int status = TripStatus(t); status != 0) {
        (void)strm.WriteRaw(RawResponse(status, "refused", TripMessage(t)));
        if (request_log_) {
          request_log_(state.method, state.path, state.params, status, elapsed_ms());
        }
      }
      graceful = false;
      break;
    }
    if (state.answered && request_log_) {
      request_log_(state.method, state.path, state.params, state.status, elapsed_ms());
    }
    if (!ok || connection_closed || state.close_after || last) break;
  }
  if (ssl) {
    if (graceful) SSL_shutdown(ssl);
    SSL_free(ssl);
  }
  LingerAndClose(sock);
}

// ---- checks before the body ----

void HardenedServer::SetError(httplib::Response& res, int status, const char* code,
                              const char* message) {
  res.status = status;
  res.set_content(fmt::format(R"({{"error":{{"code":"{}","message":"{}"}}}})", code, message),
                  "application/json; charset=utf-8");
}

void HardenedServer::CloseAfterResponse(httplib::Response& res) {
  res.set_header("Connection", "close");
  if (t_request) t_request->close_after = true;
}

bool HardenedServer::RefuseBeforeBody(const httplib::Request& req, httplib::Response& res,
                                      std::size_t max_body) {
  if (req.has_header("Transfer-Encoding")) {
    SetError(res, 411, "length_required",
             "request bodies need a Content-Length (no Transfer-Encoding)");
    CloseAfterResponse(res);
    return true;
  }
  if (req.get_header_value_count("Content-Length") > 1 ||
      !IsDigits(req.get_header_value("Content-Length"))) {
    SetError(res, 400, "invalid_argument", "Content-Length: one decimal number");
    CloseAfterResponse(res);
    return true;
  }
  if (std::stoull(req.get_header_value("Content-Length")) > max_body) {
    SetError(res, 413, "payload_too_large",
             fmt::format("request body over {} bytes", max_body).c_str());
    CloseAfterResponse(res);
    return true;
  }
  if (const std::size_t length = std::stoull(req.get_header_value("Content-Length"));
      length > 0 && t_request && t_request->bodies_in_flight) {
    std::size_t before = t_request->bodies_in_flight->fetch_add(length);
    if (before + length > t_request->max_bodies_in_flight) {
      t_request->bodies_in_flight->fetch_sub(length);
      SetError(res, 503, "unavailable", "too many large requests at once; try again");
      res.set_header("Retry-After", "5");
      CloseAfterResponse(res);
      return true;
    }
    t_request->reserved = length;
  }
  if (req.get_header_value_count("Host") > 1) {
    SetError(res, 400, "invalid_argument", "Host: only one");
    CloseAfterResponse(res);
    return true;
  }
  if (t_request && t_request->multi_range) {
    SetError(res, 416, "range_not_satisfiable", "Range: one range at most");
    return true;
  }
  return false;
}

}  // namespace fremdrift::server
