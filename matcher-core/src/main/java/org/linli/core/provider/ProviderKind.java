package org.linli.core.provider;

/** What a provider is: one social worker, an agency, or a service project. */
public enum ProviderKind {
  WORKER,
  AGENCY,
  PROJECT
}
