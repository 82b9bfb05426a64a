package org.linli.benchmarks.compare;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The HTTP load generator, in a JVM of its own with a small heap (so that the comparison's
 * million-provider oracle heap and its collector pauses stay out of the measured latencies): one
 * thread sends {@code POST /api/v1/match} bodies from a query file on a fixed schedule over {@code
 * connections} keep-alive HTTP/1.1 connections, one request in flight on each, and counts each
 * latency from when its request was due (a request that waits for a free connection counts its
 * wait), while a {@link Hiccups} meter records this machine's stalls. Prints one line per rate:
 * {@code rate achieved p50 p99 p999 max count errors saturated stallP99 stallMax cpuMicros
 * busyPercent fromMillis toMillis} (milliseconds, then the server's CPU time per answer in
 * microseconds and how busy the whole machine was, both over the step, NaN unless {@code
 * -Dhttpload.serverPid} names the server's process, and the machine's only where {@code /proc/stat}
 * is readable; then when the step's schedule began and ended, as epoch milliseconds, to find the
 * server's own pauses in its log); a rate of {@code peak} is a closed loop instead, every
 * connection busy all the time, and prints {@code peak <answers per second> <errors>}. With {@code
 * -Dhttpload.get=<path>} every request is {@code GET <path>} instead (the query file is then only
 * read, not sent): what HTTP alone costs the server.
 *
 * <p>It speaks HTTP/1.1 itself over non-blocking sockets, as wrk2 does in C: each request's bytes
 * are encoded once, and a response is read as far as its status and {@code Content-Length}. The
 * load shares this 2-core machine with the server, and Vert.x's HTTP client, which this generator
 * used before, spent more CPU per request than the server did (27 s against 25 s for 200 000
 * requests at 8 000/s), so it measured its own cost as much as the server's.
 *
 * <p>{@code java -Xmx512m -cp benchmarks.jar org.linli.benchmarks.compare.HttpLoad <port>
 * <queries.ndjson> <seconds> <connections> <rate>...}
 */
public final class HttpLoad {
  /**
   * The least the thread sleeps between looks at the schedule: about a tenth of a millisecond late
   * at most.
   */
  static final long NAP_NANOS = 100_000;

  private final Selector selector;
  private final List<Connection> connections = new ArrayList<>();
  private final ArrayDeque<Connection> idle = new ArrayDeque<>();
  private final byte[][] requests;

  /** The server's process, whose CPU time each open-loop step reports, or null. */
  private final ProcessHandle server;

  HttpLoad(int port, List<String> bodies, int connectionCount) throws IOException {
    this(port, bodies, connectionCount, null, 0);
  }

  /**
   * @param getPath null to send the bodies as {@code POST /api/v1/match}, else {@code GET getPath}
   *     every time
   * @param serverPid the server's process id, to report its CPU time per answer; 0 for none
   */
  HttpLoad(int port, List<String> bodies, int connectionCount, String getPath, long serverPid)
      throws IOException {
    selector = Selector.open();
    server = serverPid > 0 ? ProcessHandle.of(serverPid).orElse(null) : null;
    requests = new byte[getPath == null ? bodies.size() : 1][];
    for (int i = 0; i < requests.length; i++) {
      requests[i] = getPath == null ? request(port, bodies.get(i)) : get(port, getPath);
    }
    for (int i = 0; i < connectionCount; i++) {
      SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.configureBlocking(false);
      Connection c = new Connection(ch);
      c.key = ch.register(selector, SelectionKey.OP_READ, c);
      connections.add(c);
      idle.add(c);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<String> bodies = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
    double seconds = Double.parseDouble(args[2]);
    HttpLoad load =
        new HttpLoad(
            port,
            bodies,
            Integer.parseInt(args[3]),
            System.getProperty("httpload.get"),
            Long.getLong("httpload.serverPid", 0));
    // Warm-up, not reported: this JVM's JIT and the server's, at the first step's load. The peak
    // comes first in a
    // run, on a server whose JIT is still compiling the HTTP path (jstat counted 25 s of
    // compilation in its first
    // 21 s of load, 100 000 providers), so it warms for longer.
    if (args[4].equals("peak")) {
      load.peak(Math.min(15, 3 * seconds));
    } else {
      load.run(Double.parseDouble(args[4]), Math.min(5, seconds));
    }
    for (int a = 4; a < args.length; a++) {
      System.out.println(
          args[a].equals("peak")
              ? load.peak(seconds)
              : load.run(Double.parseDouble(args[a]), seconds));
      System.out.flush();
    }
    load.close();
  }

  /** The bytes of one request: request line, headers and the JSON body. */
  static byte[] request(int port, String body) {
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    byte[] head =
        ("POST /api/v1/match HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + json.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(json, 0, all, head.length, json.length);
    return all;
  }

  /** The bytes of a {@code GET path} request. */
  static byte[] get(int port, String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The server's CPU time so far (NaN without one) and the machine's busy and total jiffies (NaN if
   * unknown).
   */
  private double[] cpuSample() {
    double serverNanos =
        server == null
            ? Double.NaN
            : server.info().totalCpuDuration().map(d -> (double) d.toNanos()).orElse(Double.NaN);
    double busy = Double.NaN;
    double total = Double.NaN;
    try {
      // cpu user nice system idle iowait irq softirq steal ...: all but idle and iowait are busy.
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      total = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        total += Double.parseDouble(f[i]);
      }
      busy = total - Double.parseDouble(f[4]) - Double.parseDouble(f[5]);
    } catch (IOException | RuntimeException unreadable) {
      // not Linux: the machine's share stays unknown
    }
    return new double[] {serverNanos, busy, total};
  }

  /** A closed loop: every connection has a request outstanding at all times for {@code seconds}. */
  String peak(double seconds) throws IOException {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long[] counts = new long[3]; // sent, completed, failed
    while (true) {
      boolean open = System.nanoTime() < end;
      while (open && !idle.isEmpty()) {
        send(idle.poll(), counts[0]++, 0);
      }
      if (!open && counts[1] == counts[0]) {
        break;
      }
      selector.select(100);
      readReady(
          (c, ok, at) -> {
            counts[1]++;
            counts[2] += ok ? 0 : 1;
          });
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    return String.format(Locale.ROOT, "peak %.1f %d", (counts[1] - counts[2]) / elapsed, counts[2]);
  }

  /** An open loop at {@code rate} requests per second for {@code seconds}. */
  String run(double rate, double seconds) throws IOException, InterruptedException {
    Histogram h = new Histogram(3);
    long total = (long) (rate * seconds);
    long period = (long) (1e9 / rate);
    long backlogLimit = (long) Math.max(100, 2 * rate);
    long[] counts = new long[3]; // completed, failed, time of the last completion
    boolean saturated = false;
    Hiccups stalls = Hiccups.start();
    double[] cpuBefore = cpuSample();
    long startWall = System.currentTimeMillis();
    long start = System.nanoTime();
    long next = 0; // the next request on the schedule; those before it are due
    long sent = 0; // requests sent; those from here to next wait, in order, for a free connection
    while (true) {
      long now = System.nanoTime();
      while (next < total && start + next * period <= now) {
        next++;
      }
      if (next - counts[0] > backlogLimit) {
        saturated = true;
        break;
      }
      while (sent < next && !idle.isEmpty()) {
        send(idle.poll(), sent, start + sent * period);
        sent++;
      }
      if (next == total && counts[0] == total) {
        break;
      }
      long wait = next < total ? start + next * period - now : TimeUnit.MILLISECONDS.toNanos(100);
      if (wait >= TimeUnit.MILLISECONDS.toNanos(1)) {
        selector.select(wait / 1_000_000);
      } else {
        LockSupport.parkNanos(Math.max(wait, NAP_NANOS));
        selector.selectNow();
      }
      readReady(
          (c, ok, at) -> {
            if (ok) {
              h.recordValue(at - c.due);
            } else {
              counts[1]++;
            }
            counts[0]++;
            counts[2] = Math.max(counts[2], at);
          });
    }
    long endWall = System.currentTimeMillis();
    if (saturated) {
      // Let what is in flight finish (at most a minute), so that the next step starts on quiet
      // connections.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (idle.size() < connections.size() && System.nanoTime() < deadline) {
        selector.select(100);
        readReady((c, ok, at) -> counts[0]++);
      }
    }
    double[] cpuAfter = cpuSample();
    Histogram stalled = stalls.stop();
    double elapsed =
        Math.max(1, counts[2] - start) / 1e9; // no answer at all: achieved 0, not negative
    double cpuMicros = (cpuAfter[0] - cpuBefore[0]) / 1e3 / Math.max(1, counts[0]);
    double busyPercent =
        100 * (cpuAfter[1] - cpuBefore[1]) / Math.max(1, cpuAfter[2] - cpuBefore[2]);
    return String.format(
        Locale.ROOT,
        "%.1f %.1f %.5f %.5f %.5f %.5f %d %d %b %.5f %.5f %.1f %.1f %d %d",
        rate,
        h.getTotalCount() / elapsed,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6,
        h.getTotalCount(),
        counts[1] + (next - counts[0]),
        saturated,
        stalled.getValueAtPercentile(99) / 1e6,
        stalled.getMaxValue() / 1e6,
        cpuMicros,
        busyPercent,
        startWall,
        endWall);
  }

  private void send(Connection c, long index, long due) throws IOException {
    c.due = due;
    c.out = ByteBuffer.wrap(requests[(int) (index % requests.length)]);
    c.in.clear();
    c.ch.write(c.out);
    if (c.out.hasRemaining()) {
      c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
  }

  private interface Done {
    void done(Connection c, boolean ok, long at);
  }

  /** Reads every connection the selector found ready; a complete response frees its connection. */
  private void readReady(Done done) throws IOException {
    for (SelectionKey key : selector.selectedKeys()) {
      Connection c = (Connection) key.attachment();
      if (key.isWritable()) {
        c.ch.write(c.out);
        if (!c.out.hasRemaining()) {
          key.interestOps(SelectionKey.OP_READ);
        }
      }
      if (key.isReadable()) {
        int status = c.read();
        if (status > 0) {
          long at = System.nanoTime();
          idle.add(c);
          done.done(c, status == 200, at);
        }
      }
    }
    selector.selectedKeys().clear();
  }

  void close() throws IOException {
    for (Connection c : connections) {
      c.ch.close();
    }
    selector.close();
  }

  /** One keep-alive connection with at most one request in flight. */
  static final class Connection {
    final SocketChannel ch;
    SelectionKey key;
    ByteBuffer out;
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    long due;

    Connection(SocketChannel ch) {
      this.ch = ch;
    }

    /** Reads what has arrived; returns the response's status once it is complete, else 0. */
    int read() throws IOException {
      if (!in.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(in.capacity() * 2);
        in.flip();
        bigger.put(in);
        in = bigger;
      }
      if (ch.read(in) < 0) {
        throw new IOException("the server closed a connection");
      }
      return complete(in.array(), in.position());
    }

    /**
     * The status of the HTTP/1.1 response in {@code b[0..n)} if all of it is there (headers and a
     * {@code Content-Length} body), else 0.
     */
    static int complete(byte[] b, int n) throws IOException {
      int headEnd = -1;
      for (int i = 3; i < n; i++) {
        if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
          headEnd = i + 1;
          break;
        }
      }
      if (headEnd < 0) {
        return 0;
      }
      String head = new String(b, 0, headEnd, StandardCharsets.US_ASCII);
      int status = Integer.parseInt(head.substring(9, 12));
      int length = -1;
      for (String line : head.split("\r\n")) {
        if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      if (length < 0) {
        throw new IOException(
            "a response without Content-Length: " + head.lines().findFirst().orElse(""));
      }
      return n >= headEnd + length ? status : 0;
    }
  }
}
