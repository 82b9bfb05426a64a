package org.linli.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses that listening TCP sockets of this host are bound to, read from Linux's {@code
 * /proc/net/tcp} and {@code /proc/net/tcp6}: what a socket is exposed to, seen without connecting
 * to it from elsewhere.
 */
final class ListeningSockets {
  private ListeningSockets() {}

  /** Whether this host reports its sockets in {@code /proc} (Linux). */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/net/tcp"));
  }

  /**
   * The local addresses ({@code 127.0.0.1}, {@code ::} …) of every socket listening on {@code
   * port}.
   */
  static List<String> boundAddresses(int port) {
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(table);
      if (!Files.isReadable(p)) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(p).subList(1, Files.readAllLines(p).size())) {
          String[] f = line.trim().split("\\s+");
          String[] local = f[1].split(":");
          if (f[3].equals("0A") && Integer.parseInt(local[1], 16) == port) { // 0A: LISTEN
            out.add(address(local[0]));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /**
   * A /proc address: 8 hex digits of a little-endian IPv4 address, or 32 of IPv6 in four
   * little-endian words.
   */
  static String address(String hex) {
    if (hex.length() == 8) {
      long v = Long.parseLong(hex, 16);
      return (v & 0xff)
          + "."
          + ((v >> 8) & 0xff)
          + "."
          + ((v >> 16) & 0xff)
          + "."
          + ((v >> 24) & 0xff);
    }
    byte[] b = new byte[16];
    for (int word = 0; word < 4; word++) {
      long v = Long.parseLong(hex.substring(word * 8, word * 8 + 8), 16);
      for (int i = 0; i < 4; i++) {
        b[word * 4 + i] = (byte) (v >> (8 * i));
      }
    }
    try {
      return java.net.InetAddress.getByAddress(b).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether {@code address} is a loopback address (IPv4 127/8, IPv6 ::1, or IPv4-mapped loopback).
   */
  static boolean loopback(String address) {
    return address.startsWith("127.")
        || address.equals("0:0:0:0:0:0:0:1")
        || address.startsWith("0:0:0:0:0:ffff:7f")
        || address.equals("::1");
  }
}
