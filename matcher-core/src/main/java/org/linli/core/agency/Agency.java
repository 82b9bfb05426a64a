package org.linli.core.agency;

import java.time.Instant;
import java.time.LocalDate;
import org.linli.core.Nullable;
import org.linli.core.error.Problems;
import org.linli.core.provider.Provider;
import org.linli.core.service.ServiceDetails;

/**
 * A registered social organisation (the legal person behind an agency's providers), as
 * civil-affairs staff keep it. Immutable. Its constructor throws {@link
 * org.linli.core.error.InvalidInputException} naming every offending field.
 *
 * @param id the agency id its providers and accounts carry ({@link Provider#ID})
 * @param name registered name, 1..200 characters
 * @param creditCode the unified social credit code ({@link CreditCode})
 * @param registrationAuthority the registering civil-affairs office, or null
 * @param registeredOn the day it was registered, or null
 * @param legalRepresentative the legal representative's name, or null
 * @param address its registered address, or null
 * @param phone its public phone, or null
 * @param grade its evaluation grade (社会组织评估等级), or null when not graded
 * @param annualReport the latest annual report's year and status, or null
 * @param status its standing
 * @param updatedAt the time of the last write, or null before the first
 */
public record Agency(
    String id,
    String name,
    String creditCode,
    @Nullable String registrationAuthority,
    @Nullable LocalDate registeredOn,
    @Nullable String legalRepresentative,
    @Nullable String address,
    @Nullable String phone,
    @Nullable Grade grade,
    @Nullable AnnualReport annualReport,
    AgencyStatus status,
    @Nullable Instant updatedAt) {

  /** 社会组织评估等级, five A highest. */
  public enum Grade {
    AAAAA,
    AAAA,
    AAA,
    AA,
    A
  }

  /** Its standing in the registry. */
  public enum AgencyStatus {
    /** Registered and in good standing. */
    NORMAL,
    /** Listed as abnormal (经营异常/活动异常): still registered, its providers still matched. */
    ABNORMAL,
    /** Registration revoked: its providers are not matched. */
    REVOKED
  }

  /** Whether the annual report of a year was submitted or is overdue. */
  public enum ReportStatus {
    SUBMITTED,
    OVERDUE
  }

  /**
   * The latest annual report.
   *
   * @param year its year, 1990..2100
   */
  public record AnnualReport(int year, ReportStatus status) {}

  public Agency {
    Problems p = new Problems();
    if (!Provider.isValidId(id)) {
      p.add("id", "id must be 1..64 characters of A-Z a-z 0-9 . _ : -");
    }
    if (name == null || name.isBlank() || name.length() > 200) {
      p.add("name", "name is required, 1..200 characters");
    }
    String codeProblem = CreditCode.problem(creditCode);
    if (codeProblem != null) {
      p.add("creditCode", codeProblem);
    }
    text(p, "registrationAuthority", registrationAuthority, 200);
    text(p, "legalRepresentative", legalRepresentative, 100);
    text(p, "address", address, ServiceDetails.MAX_ADDRESS);
    if (phone != null) {
      String problem = ServiceDetails.numberProblem(phone);
      if (problem != null) {
        p.add("phone", problem);
      }
    }
    if (annualReport != null) {
      if (annualReport.year() < 1990 || annualReport.year() > 2100) {
        p.add("annualReport.year", "year " + annualReport.year() + " outside [1990, 2100]");
      }
      if (annualReport.status() == null) {
        p.add("annualReport.status", "status is required: SUBMITTED or OVERDUE");
      }
    }
    if (status == null) {
      p.add("status", "status is required: NORMAL, ABNORMAL or REVOKED");
    }
    p.throwIfAny();
  }

  private static void text(Problems p, String field, @Nullable String value, int max) {
    if (value != null && (value.isBlank() || value.length() > max)) {
      p.add(field, field + " must be 1.." + max + " characters");
    }
  }

  /** Whether its providers may be matched: every standing but REVOKED. */
  public boolean mayServe() {
    return status != AgencyStatus.REVOKED;
  }

  /** Whether matches of its providers say {@code verified}: registered and NORMAL. */
  public boolean verified() {
    return status == AgencyStatus.NORMAL;
  }

  /** This agency with the contact fields an agency edits itself. */
  public Agency withContact(@Nullable String newAddress, @Nullable String newPhone) {
    return new Agency(
        id,
        name,
        creditCode,
        registrationAuthority,
        registeredOn,
        legalRepresentative,
        newAddress,
        newPhone,
        grade,
        annualReport,
        status,
        updatedAt);
  }

  /** This agency stamped with the time of its write. */
  public Agency withUpdatedAt(Instant time) {
    return new Agency(
        id,
        name,
        creditCode,
        registrationAuthority,
        registeredOn,
        legalRepresentative,
        address,
        phone,
        grade,
        annualReport,
        status,
        time);
  }
}
