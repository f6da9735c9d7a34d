package jp.tsunagu.documents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.platform.PersonalData;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/messages}: the inbox, sending, 既読 and 対応済, as JSON. */
@RestController
@ConditionalOnWebApplication
@Tag(name = "伝言", description = "住民についての課・職員あての伝言")
class MessageApiController {

    @Schema(name = "Inbox", description = "受け取った伝言、送った伝言、課長あての期限超過の至急の伝言")
    record InboxJson(List<MessageJson> received, List<MessageJson> sent, List<MessageJson> overdue) {
    }

    @Schema(name = "NewMessage", description = "送る伝言。toDepartment と toUser はどちらか一つ")
    record NewMessageJson(@Schema(example = "0000100002") String personKey,
            @Schema(example = "kaigo", nullable = true) String toDepartment,
            @Schema(example = "null", nullable = true) String toUser,
            @Schema(example = "true") boolean urgent,
            @Schema(example = "窓口で、介護認定の更新について相談したいとのこと。折り返しの電話を希望。") String body,
            @Schema(nullable = true, example = "null") Long follows) {
    }

    @Schema(name = "Acknowledgement", description = "既読 (READ) または対応済 (DONE, 記録つき)")
    record AcknowledgementJson(@Schema(example = "DONE", allowableValues = {"READ", "DONE"}) String state,
            @Schema(nullable = true, example = "本人に電話し、更新申請を受け付けた") String note) {
    }

    private final Messages messages;
    private final AccessPolicy access;

    MessageApiController(Messages messages, AccessPolicy access) {
        this.messages = messages;
        this.access = access;
    }

    @PersonalData
    @GetMapping(path = "/api/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "messageInbox", summary = "伝言の受信箱を取得する", description = """
            自分と自分の課あての伝言 (未対応・至急を先に)、自分が送った伝言 (既読・対応の日時つき)、
            課長として設定されていれば課あての期限超過の至急の伝言を返します。呼出しはアクセス記録に残ります。""",
            responses = @ApiResponse(responseCode = "200", description = "受信箱", content = @Content(
                    schema = @Schema(implementation = InboxJson.class), examples = @ExampleObject("""
                            {"received": [{"id": 7, "personKey": "0000100002", "fields": [
                              {"name": "urgent", "label": "至急", "value": true, "display": "至急"},
                              {"name": "sentAt", "label": "送信日時", "value": "2026-04-01T10:00:00+09:00", "display": "令和8年4月1日 (2026) 10:00"},
                              {"name": "state", "label": "状態", "value": {"code": "UNREAD", "label": "未読"}, "display": "未読"}]}],
                             "sent": [], "overdue": []}"""))))
    InboxJson inbox(Authentication user) {
        Messages.Inbox inbox = messages.inbox(access.viewer(user.getName()));
        return new InboxJson(inbox.received().stream().map(MessageJson::of).toList(),
                inbox.sent().stream().map(MessageJson::of).toList(),
                inbox.overdue().stream().map(MessageJson::of).toList());
    }

    @PostMapping(path = "/api/v1/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "sendMessage", summary = "伝言を送る", description = """
            住民についての伝言を課 (`toDepartment`) または職員 (`toUser`) に送ります。伝言は変更も削除もできません。
            訂正は `follows` に元の伝言の番号を入れて、続けて送ります。送信はアクセス記録に残ります。""",
            responses = {
                @ApiResponse(responseCode = "201", description = "送った", content = @Content(
                        examples = @ExampleObject("{\"id\": 7}"))),
                @ApiResponse(responseCode = "400", description = "項目の誤り (field に項目名)",
                        content = @Content(schema = @Schema(ref = DocumentApiController.API_ERROR)))})
    ResponseEntity<?> send(@RequestBody NewMessageJson message, Authentication user) {
        try {
            long id = messages.send(access.viewer(user.getName()), message.personKey(), message.toDepartment(),
                    message.toUser(), message.urgent(), message.body(), message.follows());
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", id));
        } catch (InvalidDocumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "field", e.field()));
        }
    }

    @PostMapping(path = "/api/v1/messages/{messageId}/acknowledgements", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "acknowledgeMessage", summary = "伝言を既読・対応済にする", description = """
            自分あて (自分の課あて) の伝言を既読 (`READ`) または対応済 (`DONE`, 記録 `note` つき) にします。
            それぞれ一度だけ記録され、変更できません。アクセス記録に残ります。""",
            responses = {
                @ApiResponse(responseCode = "200", description = "いまの伝言",
                        content = @Content(schema = @Schema(implementation = MessageJson.class))),
                @ApiResponse(responseCode = "400", description = "自分あてでない、または state の誤り",
                        content = @Content(schema = @Schema(ref = DocumentApiController.API_ERROR)))})
    ResponseEntity<?> acknowledge(@PathVariable long messageId, @RequestBody AcknowledgementJson ack,
            Authentication user) {
        if (ack.state() == null || !List.of("READ", "DONE").contains(ack.state())) {
            return ResponseEntity.badRequest().body(Map.of("error", "state は READ か DONE にしてください", "field", "state"));
        }
        try {
            Message message = messages.acknowledge(access.viewer(user.getName()), messageId,
                    ack.state().equals("DONE"), ack.note());
            return ResponseEntity.ok(MessageJson.of(message));
        } catch (InvalidDocumentException e) {
            return ResponseEntity.badRequest().body(Map.of("error", e.getMessage(), "field", e.field()));
        }
    }
}
