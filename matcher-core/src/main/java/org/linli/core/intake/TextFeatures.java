package org.linli.core.intake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of a need's text: its characters, pairs and triples of characters after
 * normalisation, each with where it first occurs in the text as typed.
 *
 * <p>Normalisation maps one character to one character, so offsets stay those of the original: full
 * width Latin and digits to half width, Latin to lower case, every digit to {@code 0}, common
 * traditional characters to simplified ones, and the Cantonese characters a resident is most likely
 * to type (佢, 冇, 唔, 係, 喺, 嘅, 咗, 揾, 睇, 畀, 俾, 啲, 嚟, 瞓, 攰, 饮) to their Mandarin counterparts. Pairs
 * and triples do not cross punctuation or spaces: a need written as several clauses is not given
 * features that straddle them.
 */
public final class TextFeatures {
  private TextFeatures() {}

  /** Longest character n-gram taken. */
  static final int MAX_N = 3;

  /**
   * A feature and the piece of the original text it stands for.
   *
   * @param text the feature's name
   * @param offset where in the text as typed it first occurs
   * @param length how many characters of the text as typed it covers
   */
  public record Feature(String text, int offset, int length) {}

  private static final String TRADITIONAL =
      "媽幫個們說話後裡這沒會來時還對開關錢醫學兒親愛歲單顧護養殘療藥癮無業職頭門問題難窮貧給讓現樣麼嗎動聽見覺變總處電視腦車過進遠邊點幾為與壓傷殺險災颱風補貼證辦戶務員級輪腳聾啞癱瘓孫婦離騙訴師勞報導訓練創區課績網遊戲憂鬱慮緒驚嚇淚夢鄰隊軍屬釋獄矯專終臨別這樣東買賣陪種應該從認識記憶準備齡獨顧喪燒濟協會議請讀書寫習慣懷孕產婦嬰兒園補償賠償權糾紛違規體檢診斷臥術癥狀氣鬧嗎麼吵闆廠態連續斷續擔憂煩惱屆齊顆雙濕熱涼舊壞損漲價陽臺陸廳樓層梯電梯燈暈疼癢腫瘡膚藍綠紅黃圖書館鐘錶頓飯飲鍋禮堂願義團隊參與組織機構協調調解狀況";
  private static final String SIMPLIFIED =
      "妈帮个们说话后里这没会来时还对开关钱医学儿亲爱岁单顾护养残疗药瘾无业职头门问题难穷贫给让现样么吗动听见觉变总处电视脑车过进远边点几为与压伤杀险灾台风补贴证办户务员级轮脚聋哑瘫痪孙妇离骗诉师劳报导训练创区课绩网游戏忧郁虑绪惊吓泪梦邻队军属释狱矫专终临别这样东买卖陪种应该从认识记忆准备龄独顾丧烧济协会议请读书写习惯怀孕产妇婴儿园补偿赔偿权纠纷违规体检诊断卧术症状气闹吗么吵板厂态连续断续担忧烦恼届齐颗双湿热凉旧坏损涨价阳台陆厅楼层梯电梯灯晕疼痒肿疮肤蓝绿红黄图书馆钟表顿饭饮锅礼堂愿义团队参与组织机构协调调解状况";
  private static final String CANTONESE = "佢冇唔係喺嘅咗揾搵睇畀俾啲嚟瞓攰饮";
  private static final String MANDARIN = "他没不是在的了找找看给给些来睡累喝";

  private static final Map<Character, Character> FOLD = fold();

  private static Map<Character, Character> fold() {
    if (TRADITIONAL.length() != SIMPLIFIED.length() || CANTONESE.length() != MANDARIN.length()) {
      throw new IllegalStateException("folding tables differ in length");
    }
    Map<Character, Character> m = new java.util.HashMap<>();
    for (int i = 0; i < TRADITIONAL.length(); i++) {
      m.put(TRADITIONAL.charAt(i), SIMPLIFIED.charAt(i));
    }
    for (int i = 0; i < CANTONESE.length(); i++) {
      m.put(CANTONESE.charAt(i), MANDARIN.charAt(i));
    }
    return Map.copyOf(m);
  }

  /** The text normalised character by character (same length, same offsets). */
  static String normalise(String text) {
    char[] out = new char[text.length()];
    for (int i = 0; i < out.length; i++) {
      char c = text.charAt(i);
      if (c >= '\uFF01' && c <= '\uFF5E') {
        c = (char) (c - 0xFEE0);
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      } else if (c >= '0' && c <= '9') {
        c = '0';
      } else {
        Character f = FOLD.get(c);
        if (f != null) {
          c = f;
        }
      }
      out[i] = c;
    }
    return new String(out);
  }

  /** Whether {@code c} separates clauses: anything but a letter or digit. */
  private static boolean separates(char c) {
    return !Character.isLetterOrDigit(c);
  }

  /**
   * The distinct features of {@code text}, in order of first occurrence: every character, pair and
   * triple of characters within a clause.
   */
  public static List<Feature> of(String text) {
    String t = normalise(text);
    Map<String, Integer> first = new LinkedHashMap<>();
    int start = 0;
    while (start < t.length()) {
      while (start < t.length() && separates(t.charAt(start))) {
        start++;
      }
      int end = start;
      while (end < t.length() && !separates(t.charAt(end))) {
        end++;
      }
      for (int i = start; i < end; i++) {
        for (int n = 1; n <= MAX_N && i + n <= end; n++) {
          first.putIfAbsent(t.substring(i, i + n), i);
        }
      }
      start = end;
    }
    List<Feature> out = new ArrayList<>(first.size());
    first.forEach((k, v) -> out.add(new Feature(k, v, k.length())));
    return out;
  }
}
