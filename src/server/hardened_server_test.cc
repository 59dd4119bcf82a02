// HardenedServer against raw sockets: each limit answers its status and closes, normal requests
// and keep-alive still work, and the connection cap answers 503.
#include "server/hardened_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace fremdrift::server {
namespace {

using namespace std::chrono_literals;

class HardenedServerTest : public ::testing::Test {
 protected:
  void StartServer(HardenedLimits limits) {
    auto made = HardenedServer::Create(limits, "", "");
    ASSERT_TRUE(made.ok()) << made.status().message();
    server_ = std::move(*made);
    server_->set_pre_routing_handler(
        [max = limits.max_body](const httplib::Request& req, httplib::Response& res) {
          return HardenedServer::RefuseBeforeBody(req, res, max)
                     ? httplib::Server::HandlerResponse::Handled
                     : httplib::Server::HandlerResponse::Unhandled;
        });
    server_->Get("/hello", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(1000, 'x'), "text/plain");
    });

    server_->Post("/echo", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content(std::to_string(req.body.size()), "text/plain");
    });
    port_ = server_->bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }
  int Connect() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    return fd;
  }
  static void Send(int fd, const std::string& data) {
    (void)::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
  }
  // Everything until the server closes (or 5 s pass).
  static std::string ReadAll(int fd) {
    std::string out;
    char buf[4096];
    auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      ssize_t n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
    return out;
  }
  // Waits (up to 20 s, for a loaded machine) until `done` holds; the server's threads may not
  // have seen a connection or a head yet when the test's send returns.
  template <class Done>
  static bool WaitUntil(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(5ms);
    }
    return true;
  }
  static std::string StatusLine(const std::string& response) {
    return response.substr(0, response.find("\r\n"));
  }
  // Sends `request` on a fresh connection; the whole answer.
  std::string Exchange(const std::string& request) {
    int fd = Connect();
    Send(fd, request);
    std::string out = ReadAll(fd);
    ::close(fd);
    return out;
  }

  std::unique_ptr<HardenedServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(HardenedServerTest, ServesAndKeepsConnectionsAlive) {
  StartServer({});
  int fd = Connect();
  Send(fd,
       "GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n"
       "Connection: close\r\n\r\n");
  std::string out = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(StatusLine(out), "HTTP/1.1 200 OK");
  EXPECT_EQ(out.find("HTTP/1.1 200 OK", 10) != std::string::npos, true) << out;
  // A body with Content-Length is read; one without either header has none.
  out = Exchange(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde");
  EXPECT_EQ(StatusLine(out), "HTTP/1.1 200 OK");
  EXPECT_EQ(out.substr(out.size() - 1), "5");
  out = Exchange("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(out.substr(out.size() - 1), "0");
}

TEST_F(HardenedServerTest, LimitsOnTheHead) {
  HardenedLimits limits;
  limits.max_line = 100;
  limits.max_headers = 5;
  limits.max_head = 400;
  StartServer(limits);
  EXPECT_EQ(StatusLine(Exchange("GET /" + std::string(200, 'a') + " HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 414 URI Too Long");
  // A request line without any newline at all.
  EXPECT_EQ(StatusLine(Exchange(std::string(5000, 'a'))), "HTTP/1.1 414 URI Too Long");
  EXPECT_EQ(StatusLine(Exchange("GET /hello HTTP/1.1\r\nX: " + std::string(200, 'b') + "\r\n\r\n")),
            "HTTP/1.1 431 Request Header Fields Too Large");
  std::string many = "GET /hello HTTP/1.1\r\n";
  for (int i = 0; i < 6; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  EXPECT_EQ(StatusLine(Exchange(many + "\r\n")), "HTTP/1.1 431 Request Header Fields Too Large");
  std::string five = "GET /hello HTTP/1.1\r\n";
  for (int i = 0; i < 5; ++i) five += "X-" + std::to_string(i) + ": y\r\n";
  EXPECT_EQ(StatusLine(Exchange(five + "Connection: close\r\n\r\n")),
            "HTTP/1.1 431 Request Header Fields Too Large");  // six with Connection
  std::string big = "GET /hello HTTP/1.1\r\n";
  for (int i = 0; i < 4; ++i)
    big += "X-" + std::to_string(i) + ": " + std::string(90, 'z') + "\r\n";
  EXPECT_EQ(StatusLine(Exchange(big + "\r\n")), "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_EQ(StatusLine(Exchange(five.substr(0, five.rfind("X-4")) + "Connection: close\r\n\r\n")),
            "HTTP/1.1 200 OK");
}

TEST_F(HardenedServerTest, SlowHeadsTimeOut) {
  HardenedLimits limits;
  limits.head_timeout = 400ms;
  StartServer(limits);
  int fd = Connect();
  auto start = std::chrono::steady_clock::now();
  Send(fd, "GET /hello HTTP/1.1\r\n");
  std::this_thread::sleep_for(200ms);
  Send(fd, "X-A: 1\r\n");
  std::string out = ReadAll(fd);
  ::close(fd);
  EXPECT_EQ(StatusLine(out), "HTTP/1.1 408 Request Timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
}

TEST_F(HardenedServerTest, BodiesBeforeTheyAreRead) {
  HardenedLimits limits;
  limits.max_body = 1000;
  StartServer(limits);
  EXPECT_EQ(StatusLine(Exchange("POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                "400\r\n" +
                                std::string(1024, 'a') + "\r\n")),
            "HTTP/1.1 411 Length Required");
  EXPECT_EQ(StatusLine(Exchange("POST /echo HTTP/1.1\r\nContent-Length: 1001\r\n\r\n")),
            "HTTP/1.1 413 Payload Too Large");
  EXPECT_EQ(StatusLine(Exchange("POST /echo HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n"
                                "\r\nab")),
            "HTTP/1.1 400 Bad Request");
  std::string out =
      Exchange("GET /hello HTTP/1.1\r\nRange: bytes=0-,0-,0-\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusLine(out), "HTTP/1.1 416 Range Not Satisfiable");
  EXPECT_LT(out.size(), 1000u);
  // One range is ignored: the whole answer.
  out = Exchange("GET /hello HTTP/1.1\r\nRange: bytes=0-9\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(StatusLine(out), "HTTP/1.1 200 OK");
  EXPECT_EQ(out.substr(out.find("\r\n\r\n") + 4), std::string(1000, 'x'));
}

TEST_F(HardenedServerTest, BodiesInFlightAreBounded) {
  HardenedLimits limits;
  limits.max_body = 1000;
  limits.max_bodies_in_flight = 1500;
  StartServer(limits);
  // One body of 1000 is being received (half sent): a second one of 1000 does not fit.
  int slow = Connect();
  Send(slow, "POST /echo HTTP/1.1\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n" +
                 std::string(500, 'a'));
  ASSERT_TRUE(WaitUntil([&] { return server_->bodies_in_flight() == 1000; }));
  std::string out =
      Exchange("POST /echo HTTP/1.1\r\nContent-Length: 1000\r\n\r\n" + std::string(1000, 'b'));
  EXPECT_EQ(StatusLine(out), "HTTP/1.1 503 Service Unavailable");
  EXPECT_NE(out.find("Retry-After: 5"), std::string::npos);
  EXPECT_EQ(StatusLine(
                Exchange("POST /echo HTTP/1.1\r\nContent-Length: 400\r\nConnection: close\r\n\r\n" +
                         std::string(400, 'c'))),
            "HTTP/1.1 200 OK");
  Send(slow, std::string(500, 'a'));
  out = ReadAll(slow);
  ::close(slow);
  EXPECT_EQ(out.substr(out.size() - 4), "1000");
  // Released: now it fits.
  ASSERT_TRUE(WaitUntil([&] { return server_->bodies_in_flight() == 0; }));
  EXPECT_EQ(StatusLine(Exchange(
                "POST /echo HTTP/1.1\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n" +
                std::string(1000, 'd'))),
            "HTTP/1.1 200 OK");
}

TEST_F(HardenedServerTest, ConnectionsBeyondTheCapGet503) {
  HardenedLimits limits;
  limits.max_connections = 2;
  StartServer(limits);
  int a = Connect();
  int b = Connect();
  Send(a, "GET /hello HTTP/1.1\r\n");  // both held open, mid-head
  Send(b, "GET /hello HTTP/1.1\r\n");
  ASSERT_TRUE(WaitUntil([&] { return server_->open_connections() == 2; }));
  EXPECT_EQ(StatusLine(Exchange("GET /hello HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 503 Service Unavailable");
  ::close(a);
  ::close(b);
  ASSERT_TRUE(WaitUntil([&] { return server_->open_connections() == 0; }));
  EXPECT_EQ(StatusLine(Exchange("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n")),
            "HTTP/1.1 200 OK");
}

TEST(HardenedServerTls, RefusesFilesItCannotLoad) {
  auto made = HardenedServer::Create({}, "/nonexistent/cert.pem", "/nonexistent/key.pem");
  EXPECT_FALSE(made.ok());
}

}  // namespace
}  // namespace fremdrift::server
