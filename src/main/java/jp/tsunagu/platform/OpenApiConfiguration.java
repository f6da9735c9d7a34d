package jp.tsunagu.platform;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the JSON API (API仕様書), at {@code /v3/api-docs} with Swagger UI at
 * {@code /swagger-ui.html}, for logged-in staff only (the security rules say so). It describes the
 * paths under {@code /api/} and nothing else: the screens are not an API.
 *
 * <p>The words of the person search are written here rather than as annotations on the resident
 * module's controller, so that the controller stays free of documentation types; the customizer
 * finds the operation by its path and fails loudly (no description) if the path is renamed, which
 * {@code OpenApiTests} checks.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class OpenApiConfiguration {

    static final String API_PATHS = "/api/**";
    static final String PERSONS = "/api/v1/persons";
    static final String BEARER = "apiToken";

    /**
     * Only {@code /api/**} is documented, whatever the properties say: widening the document to the
     * screens would publish routes that are not an API.
     */
    @Bean
    static BeanPostProcessor onlyTheApiIsDocumented() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof SpringDocConfigProperties properties) {
                    properties.setPathsToMatch(List.of(API_PATHS));
                }
                return bean;
            }
        };
    }

    @Bean
    OpenAPI tsunaguOpenApi() {
        return new OpenAPI()
                .info(new Info().title("つなぐ Tsunagu API").version("v1").description("""
                        福祉情報連携基盤「つなぐ」の JSON API です。日付は ISO-8601 (YYYY-MM-DD) で返します。
                        利用には管理者が発行する API トークンが必要です (`Authorization: Bearer tsunagu_…`)。
                        トークンは発行時に指定したパスだけに使え、閲覧者 (VIEWER) として扱われます。
                        個人情報を返す呼出しはすべてアクセス記録に残り、記録を書けないときは 503 を返してデータを返しません。"""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("tsunagu_…")
                        .description("管理者が「APIトークン」画面で発行するトークン。"
                                + "`Authorization: Bearer tsunagu_…` ヘッダーで送ります。セッションや CSRF トークンは不要です。")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }

    /** Describes {@code GET /api/v1/persons}: its parameters, its answer and what it withholds. */
    @Bean
    OpenApiCustomizer personSearchDocumentation() {
        return openApi -> {
            PathItem path = openApi.getPaths() == null ? null : openApi.getPaths().get(PERSONS);
            if (path == null || path.getGet() == null) {
                return;
            }
            Operation get = path.getGet();
            get.operationId("searchPersons").tags(List.of("人の検索")).summary("人を検索する")
                    .description("""
                            検索画面と同じ一つの検索語で人を探します。宛名番号 (0 埋めの有無を問わない)、生年月日
                            (西暦 1970-03-02・1970/3/2、和暦 昭和45年3月2日、元号略字 S45.3.2、7桁の元号コード 3450302)、
                            生年 (S7・昭和7年・1932年)、カナ (ひらがな・半角も可)、漢字の氏名 (異体字を同一視)、住所の一部を、
                            空白で区切って組み合わせられます。すべての語に合う人を、完全一致・前方一致・部分一致・
                            近い読みの順に最大 50 人返します。

                            - 検索はアクセス記録に残ります (検索語と件数)。記録を書けないときは 503 を返し、結果を返しません。
                            - 支援措置の対象者の住所は、閲覧を許された所属でなければ「（支援措置のため非表示）」に置き換え、
                              世帯番号も返しません。""");
            if (get.getParameters() != null) {
                for (Parameter parameter : get.getParameters()) {
                    describe(parameter);
                }
            }
            openApi.getComponents().addSchemas("PersonSearchResult", searchResult())
                    .addSchemas("PersonSummary", person())
                    .addSchemas("ApiError", error());
            ApiResponses responses = new ApiResponses()
                    .addApiResponse("200", json("検索結果。", "#/components/schemas/PersonSearchResult"))
                    .addApiResponse("401", json("API トークンがない、または無効・失効している。", "#/components/schemas/ApiError"))
                    .addApiResponse("403", json("このトークンでは使えないパス。", "#/components/schemas/ApiError"))
                    .addApiResponse("503", json("アクセス記録を書けないため、または宛名索引を作成中のため (最初の取込の後、「索引を作成中です（n%）」、"
                            + "indexBuilding.percent に進み具合、Retry-After 付き)、結果を返さなかった。", "#/components/schemas/ApiError"));
            get.setResponses(responses);
        };
    }

    private static void describe(Parameter parameter) {
        switch (parameter.getName()) {
            case "q" -> parameter.description("検索語: 宛名番号、生年月日 (西暦・和暦・元号略字・元号コード)、生年、カナ、漢字の氏名、"
                    + "住所の一部。空白で区切るとすべてに合う人。").example("やまざき S7");
            case "status" -> parameter.description("状態で絞り込む: 住民、住登外、消除 (転出・死亡)。")
                    .schema(new StringSchema()._enum(List.of("住民", "住登外", "消除")));
            case "minAge" -> parameter.description("年齢 (満年齢) の下限。この年齢以上の人。").example(65);
            case "maxAge" -> parameter.description("年齢 (満年齢) の上限。この年齢以下の人。").example(74);
            case "town" -> parameter.description("町丁目 (住所の一部) で絞り込む。異体字、丁目・番・号の表記 (三丁目・3丁目・3-) は同一視。")
                    .example("入間川");
            case "cursor" -> parameter.description("次・前のページ: 前の応答の page.next または page.previous をそのまま渡す。"
                    + "取込の最中でもページの中身はずれない。省略すると最初のページ。");
            default -> {
            }
        }
    }

    private static Schema<?> searchResult() {
        return new ObjectSchema().description("検索結果")
                .addProperty("query", new StringSchema().description("受け付けた検索語"))
                .addProperty("count", new IntegerSchema().description("このページの人数 (最大 50)"))
                .addProperty("total", new ObjectSchema().description("該当する人の総数。1,000 人を超えると数え止める")
                        .addProperty("count", new IntegerSchema().example(1000))
                        .addProperty("exact", new BooleanSchema().description("false のとき count 人以上"))
                        .addProperty("display", new StringSchema().example("1,000人以上")))
                .addProperty("page", new ObjectSchema().description("ページ (platform.PageSlice)")
                        .addProperty("number", new IntegerSchema().example(1))
                        .addProperty("size", new IntegerSchema().example(50))
                        .addProperty("next", new StringSchema().description("次のページの cursor。最後のページでは null"))
                        .addProperty("previous", new StringSchema().description("前のページの cursor。最初のページでは null")))
                .addProperty("hint", new StringSchema().description("1 ページに収まらないときの絞り込みの案内")
                        .example("50人を超えています。生年月日や町名で絞り込んでください"))
                .addProperty("persons", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/PersonSummary"))
                        .description("見つかった人 (順位の高い順)"))
                .required(List.of("query", "count", "persons"));
    }

    private static Schema<?> person() {
        return new ObjectSchema().description("見つかった人 (閲覧者のアクセス範囲を適用済み)")
                .addProperty("personKey", new StringSchema().description("宛名番号 (10 桁、0 埋め)").example("0000100002"))
                .addProperty("name", new StringSchema().description("氏名 (漢字)").example("山﨑 花子"))
                .addProperty("kana", new StringSchema().description("氏名 (カナ)").example("ヤマザキ ハナコ"))
                .addProperty("birthDate", typed("生年月日: value は ISO 8601 の日付、display は和暦と西暦年",
                        "birthDate", "生年月日", "1932-01-01", "昭和7年1月1日 (1932)"))
                .addProperty("age", typed("満年齢: value は数 (生年月日がなければ null)", "age", "年齢", 94, "94歳"))
                .addProperty("sex", typed("性別: value は住民記録のコードとその名前", "sex", "性別",
                        Map.of("code", "2", "label", "女"), "女"))
                .addProperty("address", new StringSchema().description(
                        "住所と方書。支援措置の対象者で閲覧を許されていないときは「（支援措置のため非表示）」"))
                .addProperty("householdKey", new StringSchema().description("世帯番号。支援措置で非表示のときは null"))
                .addProperty("relation", new StringSchema().description("続柄"))
                .addProperty("status", typed("状態: value はコード (resident, non-resident, removed) と名前 (住民・住登外・消除)",
                        "status", "状態", Map.of("code", "resident", "label", "住民"), "住民"))
                .addProperty("supportMeasure", new BooleanSchema().description("支援措置の対象者か"))
                .addProperty("programs", new ArraySchema().items(new StringSchema())
                        .description("関わりのある制度 (閲覧者が見てよいものだけ)"));
    }

    /**
     * A field given as the one typed value (platform.TypedValue, its schema made from the record): a
     * reference to it, with this field's description and an example of the whole value.
     */
    private static Schema<?> typed(String description, String name, String label, Object value, String display) {
        Map<String, Object> example = new java.util.LinkedHashMap<>();
        example.put("name", name);
        example.put("label", label);
        example.put("value", value);
        example.put("display", display);
        return new io.swagger.v3.oas.models.media.ComposedSchema()
                .allOf(List.of(new Schema<>().$ref("#/components/schemas/TypedValue")))
                .description(description).example(example);
    }

    private static Schema<?> error() {
        return new ObjectSchema().description("エラー")
                .addProperty("status", new IntegerSchema().description("HTTP ステータス"))
                .addProperty("error", new StringSchema().description("理由 (日本語)"));
    }

    private static ApiResponse json(String description, String ref) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(new Schema<>().$ref(ref))));
    }
}
