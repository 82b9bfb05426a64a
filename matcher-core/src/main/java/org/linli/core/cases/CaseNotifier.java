package org.linli.core.cases;

import org.linli.core.access.Principal;

/**
 * Where one party's case updates go (port): a live event stream today; a text message or a WeChat
 * notice are other implementations. {@link #deliver} must not block (it is called for every change,
 * from the thread that saw it) and may be called twice for one update (delivery is at least once;
 * the id tells them apart).
 */
public interface CaseNotifier {
  /** Whose updates these are: only the updates that concern this principal are delivered. */
  Principal principal();

  /** Passes {@code update} on. Non-blocking. */
  void deliver(CaseUpdate update);
}
