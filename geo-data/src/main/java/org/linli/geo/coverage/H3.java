package org.linli.geo.coverage;

import com.uber.h3core.H3Core;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one H3 instance (its native library is loaded once; thread-safe). */
public final class H3 {
  private static volatile H3Core instance;

  private H3() {}

  public static H3Core get() {
    H3Core h = instance;
    if (h == null) {
      synchronized (H3.class) {
        h = instance;
        if (h == null) {
          try {
            h = H3Core.newInstance();
          } catch (IOException e) {
            throw new UncheckedIOException("the H3 native library could not be loaded", e);
          }
          instance = h;
        }
      }
    }
    return h;
  }
}
