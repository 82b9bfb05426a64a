package org.linli.core.taxonomy;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The skill taxonomy: stable codes with Chinese and English labels. Codes never change meaning; new
 * skills are appended. At most 64 skills exist so that an index can keep a skill set in one {@code
 * long}.
 */
public enum Skill {
  ELDER_CARE("养老服务", "Elder care", "居家养老 助老 陪护 长者 老人"),
  DISABILITY_SUPPORT("助残服务", "Disability support", "残疾 康复 无障碍 助残"),
  CHILD_WELFARE("儿童福利", "Child welfare", "儿童 困境儿童 留守儿童 未成年人保护"),
  MENTAL_HEALTH("心理健康", "Mental health", "心理疏导 心理咨询 情绪 抑郁"),
  FAMILY_SERVICES("家庭服务", "Family services", "家庭 婚姻 亲子 家事调解"),
  COMMUNITY_CORRECTION("社区矫正", "Community correction", "矫正 社区矫正 安置帮教"),
  POVERTY_RELIEF("社会救助", "Poverty relief", "低保 救助 困难群众 帮扶"),
  MEDICAL_SOCIAL_WORK("医务社工", "Medical social work", "医院 就医 复诊 病患 医务"),
  SCHOOL_SOCIAL_WORK("学校社工", "School social work", "学校 学生 校园 学业"),
  ADDICTION_RECOVERY("戒毒康复", "Addiction recovery", "戒毒 戒酒 成瘾 康复"),
  DOMESTIC_VIOLENCE("反家暴", "Domestic violence support", "家暴 家庭暴力 庇护"),
  MIGRANT_SUPPORT("流动人口服务", "Migrant support", "流动人口 外来务工 新市民 融入"),
  EMPLOYMENT("就业援助", "Employment", "就业 求职 职业培训 创业"),
  HOSPICE_CARE("安宁疗护", "Hospice care", "安宁疗护 临终关怀 哀伤"),
  YOUTH_SERVICES("青少年服务", "Youth services", "青少年 青年 成长 辍学"),
  LEGAL_AID("法律援助", "Legal aid", "法律 维权 法律咨询 调解"),
  DISASTER_RELIEF("防灾救灾", "Disaster relief", "灾害 应急 救灾 台风"),
  VETERAN_SERVICES("退役军人服务", "Veteran services", "退役军人 优抚 军属"),
  HOUSING("住房保障", "Housing", "住房 保障房 租房 无家可归"),
  VOLUNTEER_COORDINATION("志愿服务", "Volunteer coordination", "志愿者 义工 志愿服务");

  private static final Map<String, Skill> BY_CODE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(Skill::code, Function.identity()));

  /** Sets of at most this many skills are shared (a few thousand sets); larger ones are copied. */
  private static final int SHARED_SET_SIZE = 4;

  private static final Map<Long, Set<Skill>> SHARED_SETS = new ConcurrentHashMap<>();

  private final String labelZh;
  private final String labelEn;
  private final String keywordsZh;

  Skill(String labelZh, String labelEn, String keywordsZh) {
    this.labelZh = labelZh;
    this.labelEn = labelEn;
    this.keywordsZh = keywordsZh;
  }

  /** The stable code, e.g. {@code ELDER_CARE}. */
  public String code() {
    return name();
  }

  /** The Chinese label, e.g. 养老服务. */
  public String labelZh() {
    return labelZh;
  }

  /** The English label, e.g. Elder care. */
  public String labelEn() {
    return labelEn;
  }

  /** Words residents use for this skill, indexed with each provider that offers it. */
  public String keywordsZh() {
    return keywordsZh;
  }

  /** The skill with this exact code, if any. */
  public static Optional<Skill> fromCode(String code) {
    return Optional.ofNullable(code == null ? null : BY_CODE.get(code));
  }

  /**
   * An unmodifiable set of these skills in ordinal order, equal to {@code
   * Collections.unmodifiableSet(EnumSet.copyOf( skills))}. Sets of up to {@value #SHARED_SET_SIZE}
   * skills are one shared instance each, so that a million providers do not hold a million copies
   * of the same few sets.
   *
   * @param skills at least one skill
   */
  public static Set<Skill> canonical(Collection<Skill> skills) {
    long mask = 0;
    for (Skill s : skills) {
      mask |= 1L << s.ordinal();
    }
    if (Long.bitCount(mask) > SHARED_SET_SIZE) {
      return Collections.unmodifiableSet(EnumSet.copyOf(skills));
    }
    Set<Skill> shared = SHARED_SETS.get(mask);
    return shared != null
        ? shared
        : SHARED_SETS.computeIfAbsent(
            mask, m -> Collections.unmodifiableSet(EnumSet.copyOf(skills)));
  }
}
