package jp.tsunagu.consultation;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic accounts for the demo city and the benchmark (相談内容の文例): sentences as a 家庭児童相談員 or a
 * 地域包括支援センター worker writes them, per category, combined at random from a seeded generator — the same
 * seed gives the same texts. Not real cases.
 */
public final class ConsultationTexts {

    private static final Map<String, List<String>> OPENINGS = Map.of(
            "care", List.of("長女から電話。母の物忘れが進み、火の不始末が心配とのこと。",
                    "本人来庁。介護保険の申請方法を知りたい。", "ケアマネジャーから、訪問介護の回数を増やしたいと相談。",
                    "近所の方から、一人暮らしの高齢者の新聞がたまっていると連絡。"),
            "disability", List.of("母親から、特別支援学級の進路について相談。", "本人から、就労継続支援の事業所を探していると相談。",
                    "相談支援専門員から、短期入所の利用について問い合わせ。", "父親から、療育手帳の更新について相談。"),
            "childcare", List.of("母親から、夜泣きが続き眠れないと電話。", "保育園の入園について相談。",
                    "父親から、子どもの発達が気になると相談。", "妊娠中の方から、出産後の手伝いがいないと相談。"),
            "poverty", List.of("本人来庁。失業して家賃が払えないと相談。", "民生委員から、電気を止められている世帯があると連絡。",
                    "本人から、食料がなく数日食べていないと電話。", "社会福祉協議会から、貸付の相談者をつなぎたいと連絡。"),
            "elder-abuse", List.of("ケアマネジャーから通報。デイサービスで腕にあざを確認、息子から叩かれたと本人が話す。",
                    "近所の方から通報。夜間に高齢女性の叫び声と物音がする。", "訪問看護師から、年金を家族に取り上げられている様子と連絡。",
                    "病院の医療ソーシャルワーカーから、低栄養と脱水で入院、介護放棄の疑いと通報。"),
            "child-abuse", List.of("学校から通告。担任が腕と首にあざを確認、本人は家に帰りたくないと話す。",
                    "近所の方から通報。深夜に子どもの泣き声と大人の怒鳴り声が続いている。",
                    "保育園から、連日同じ服で登園し空腹を訴えると連絡。", "警察から、夫婦げんかの通報で出動し子どもが同席していたと通告 (面前DV)。",
                    "病院から、乳児の頭部外傷について説明が不自然と通告。"),
            "disability-abuse", List.of("グループホームの職員から、利用者が他の職員に叩かれたと話していると通報。",
                    "家族から、通所先で本人のお金がなくなると相談。", "相談支援専門員から、家族が本人を部屋に閉じ込めている疑いと通報。"),
            "dv", List.of("本人来庁。夫からの暴力で家を出たい、子ども二人と避難したいと相談。",
                    "病院から、配偶者からの暴力が疑われる受診があったと連絡。", "本人から電話。交際相手から連絡がしつこく、住所を知られたくない。"),
            "other", List.of("本人から、制度の窓口が分からないと電話。", "親族から、成年後見の申立てについて相談。",
                    "民生委員から、地域の見守り活動について相談。"));

    private static final List<String> DETAILS = List.of("本人の同意を得て関係機関に確認することとした。",
            "緊急性は低いが、週明けに再度連絡する。", "本人は落ち着いて話しており、当面の安全は確保されている。",
            "家族構成と生活状況を聞き取った。", "これまでの相談記録と関係課の関わりを確認した。", "夕方以降は連絡がつきにくいとのこと。",
            "学校と保育園の出欠状況を確認する。", "地域包括支援センターと情報を共有する。", "訪問の日程を調整する。",
            "主任児童委員に見守りを依頼する。", "ケース会議の開催を検討する。", "医療機関の受診状況を確認する。");

    private static final List<String> NOTES = List.of("電話で本人の様子を確認した。変わりないとのこと。",
            "家庭訪問。居室は片付いており、食事もとれている。", "学校から、本日は元気に登校したと連絡あり。",
            "ケース会議を開催し、当面の対応方針を確認した。", "関係課と情報を共有し、役割分担を決めた。",
            "本人と面談。今後の見通しについて話し合った。", "留守のため不在票を置いた。翌日再訪する。");

    private ConsultationTexts() {
    }

    /** The account of a new record of this category. */
    public static String account(String category, SplittableRandom random) {
        List<String> openings = OPENINGS.getOrDefault(category, OPENINGS.get("other"));
        StringBuilder text = new StringBuilder(openings.get(random.nextInt(openings.size())));
        int details = 1 + random.nextInt(3);
        for (int i = 0; i < details; i++) {
            text.append(DETAILS.get(random.nextInt(DETAILS.size())));
        }
        return text.toString();
    }

    /** A note of what happened since. */
    public static String note(SplittableRandom random) {
        return NOTES.get(random.nextInt(NOTES.size())) + DETAILS.get(random.nextInt(DETAILS.size()));
    }

    /** Every sentence the texts are made of: the benchmark cuts each once and composes the words. */
    public static List<String> sentences() {
        List<String> all = new java.util.ArrayList<>();
        OPENINGS.values().forEach(all::addAll);
        all.addAll(DETAILS);
        all.addAll(NOTES);
        return all;
    }
}
