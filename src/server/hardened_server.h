// HardenedServer: cpp-httplib's Server with its connection handling replaced, so that a hostile
// client cannot exhaust memory or threads before anything reaches a handler. Each connection gets
// its own thread (up to a cap; beyond it a 503 and close), runs its own keep-alive loop over a
// GuardedStream that bounds the request line, each header line, the number of headers, the whole
// head and the body, with a deadline for the head and for the whole request (414/431/408/413,
// then close), and under TLS does the handshake and record I/O itself with OpenSSL and a modern
// cipher list. httplib still parses each request (it reads the head byte by byte, so the stream
// sees exactly the head's bytes) and dispatches it to the routes.
// Thread-safety: configure before listening; Stop()/stop() from any thread.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "common/status.h"

namespace fremdrift::server {

struct HardenedLimits {
  std::size_t max_line = 8 * 1024;                    // request line and each header line, bytes
  std::size_t max_headers = 100;                      // header lines in one request
  std::size_t max_head = 64 * 1024;                   // request line plus headers, bytes
  std::size_t max_body = 8 * 1024 * 1024;             // Content-Length bodies; others are refused
  std::chrono::milliseconds head_timeout{10'000};     // from connect/first byte to end of head
  std::chrono::milliseconds request_timeout{60'000};  // from first byte to the body's last byte
  std::chrono::milliseconds idle_timeout{5'000};      // between keep-alive requests
  std::chrono::milliseconds write_timeout{30'000};    // without progress while answering
  std::size_t max_connections = 512;                  // served at once, each on its own thread
  std::size_t max_requests_per_connection = 1000;
  // Body bytes being received at once, over all connections (each body is held in memory until
  // its request is answered); a request that would pass it gets 503 and Retry-After.
  std::size_t max_bodies_in_flight = 64 * 1024 * 1024;
};

// TLS 1.2 suites of Mozilla's "intermediate" profile restricted to ECDHE with AEAD ciphers;
// TLS 1.3 keeps OpenSSL's (all AEAD).
inline constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

class HardenedServer : public httplib::Server {
 public:
  // Plain HTTP when `tls_cert` is empty; otherwise HTTPS only, with the PEM certificate (chain)
  // and key loaded into an SSL_CTX allowing TLS 1.2 (kTls12Ciphers) and 1.3.
  static Result<std::unique_ptr<HardenedServer>> Create(const HardenedLimits& limits,
                                                        const std::string& tls_cert,
                                                        const std::string& tls_key);
  ~HardenedServer() override;
  HardenedServer(const HardenedServer&) = delete;
  HardenedServer& operator=(const HardenedServer&) = delete;

  // After bind: lets the kernel queue as many pending connections as it allows (httplib's
  // backlog is 5, so a burst of connections would be dropped and retried seconds later).
  void WidenListenBacklog() { ::listen(svr_sock_, SOMAXCONN); }
  const HardenedLimits& limits() const { return limits_; }
  bool tls() const { return ctx_ != nullptr; }
  std::size_t open_connections() const;
  // Bytes of request bodies announced (Content-Length) and not yet done with.
  std::size_t bodies_in_flight() const;

  // For the pre-routing handler, which httplib runs before it reads a body: answers (and returns
  // true for) a request that must not be read further: a Transfer-Encoding body (411), a
  // Content-Length over the limit (413), a malformed or repeated Content-Length or Host (400),
  // more than one byte range (416), a body that would pass max_bodies_in_flight (503). A refused
  // request with a body closes the connection.
  // A single byte range is ignored (the whole answer, 200): nothing served is a large file, and
  // httplib would cut a handler's explicit 200 without making it a 206.
  static bool RefuseBeforeBody(const httplib::Request& req, httplib::Response& res,
                               std::size_t max_body);
  // Closes the connection after the current response (call on the thread serving it).
  static void CloseAfterResponse(httplib::Response& res);
  // A JSON error body {"error":{"code","message"}} with the status.
  static void SetError(httplib::Response& res, int status, const char* code, const char* message);

  // Called once per answered request, on the thread that served it, after the answer is written:
  // the method ("" when the request line was never read), the decoded path and query, the status
  // sent and the milliseconds since the request's first byte (the connection's start for its
  // first request). Also for the answers the connection loop writes itself (408, 413, 414, 431,
  // and 503 over capacity). HardenedServer uses httplib's set_logger for this: do not set it.
  using RequestLog = std::function<void(std::string_view method, std::string_view path,
                                        const httplib::Params& params, int status, double ms)>;
  void SetRequestLog(RequestLog log) { request_log_ = std::move(log); }

 private:
  HardenedServer(const HardenedLimits& limits, SSL_CTX* ctx);
  bool process_and_close_socket(socket_t sock) override;
  void ServeConnection(socket_t sock);

  struct Connections;
  HardenedLimits limits_;
  SSL_CTX* ctx_ = nullptr;
  std::shared_ptr<Connections> connections_;
  RequestLog request_log_;
};

}  // namespace fremdrift::server
