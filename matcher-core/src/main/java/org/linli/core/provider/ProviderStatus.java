package org.linli.core.provider;

/** Whether a provider takes new cases. Only {@link #ACTIVE} providers are ever matched. */
public enum ProviderStatus {
  ACTIVE,
  INACTIVE,
  SUSPENDED
}
