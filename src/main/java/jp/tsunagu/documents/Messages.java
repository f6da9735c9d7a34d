package jp.tsunagu.documents;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.tsunagu.access.Department;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccount;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.resident.Person;
import jp.tsunagu.resident.ResidentIndex;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Messages about residents (伝言): sent to a department or to one staff member, seen by the recipient in their
 * inbox and on the person's overview, read (既読) and dealt with (対応済, with a note); the sender sees whether
 * and when. Urgent messages left undealt with for longer than {@code tsunagu.documents.urgent-after} are overdue:
 * flagged in the inbox and listed to the department's head. A message is never edited or deleted (the table
 * refuses it); a correction follows it. Sending, reading an inbox and acknowledging are audited.
 */
@Service
public class Messages {

    static final int MAX_BODY = 2000;

    /** What the viewer's inbox holds: messages to them and their department, and the overdue ones they head. */
    public record Inbox(List<Message> received, List<Message> sent, List<Message> overdue) {
    }

    private final JdbcClient jdbc;
    private final ResidentIndex residents;
    private final StaffAccounts staff;
    private final AuditTrail audit;
    private final TokyoTime time;
    private final DocumentsProperties properties;

    Messages(JdbcClient jdbc, ResidentIndex residents, StaffAccounts staff, AuditTrail audit, TokyoTime time,
            DocumentsProperties properties) {
        this.jdbc = jdbc;
        this.residents = residents;
        this.staff = staff;
        this.audit = audit;
        this.time = time;
        this.properties = properties;
    }

    /**
     * Sends a message about a person to a department or one staff member (exactly one of them).
     *
     * @throws InvalidDocumentException a field is wrong (the message names it)
     */
    @Transactional
    public long send(Viewer sender, String personKey, String toDepartment, String toUser, boolean urgent,
            String body, Long follows) {
        if (sender.role() == Role.AUDITOR) {
            throw new InvalidDocumentException("role", "監査者は伝言を送れません");
        }
        Person person = residents.find(personKey).orElseThrow(() -> new InvalidDocumentException("personKey",
                "宛名番号 " + personKey + " の人は見つかりません"));
        String department = blankToNull(toDepartment);
        String user = blankToNull(toUser);
        if ((department == null) == (user == null)) {
            throw new InvalidDocumentException("to", "宛先は課か職員のどちらか一つを選んでください");
        }
        if (department != null && staff.department(department).isEmpty()) {
            throw new InvalidDocumentException("toDepartment", "宛先の課「" + department + "」はありません");
        }
        if (user != null && staff.find(user).isEmpty()) {
            throw new InvalidDocumentException("toUser", "宛先の職員「" + user + "」はいません");
        }
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            throw new InvalidDocumentException("body", "伝言の本文を入れてください");
        }
        if (text.codePointCount(0, text.length()) > MAX_BODY) {
            throw new InvalidDocumentException("body", "伝言の本文は " + MAX_BODY + " 文字までにしてください");
        }
        if (follows != null && jdbc.sql("SELECT count(*) FROM message WHERE id = :id AND person_key = :p")
                .param("id", follows).param("p", personKey).query(Long.class).single() == 0) {
            throw new InvalidDocumentException("follows", "続ける伝言 " + follows + " はこの人の伝言にありません");
        }
        long id = jdbc.sql("""
                INSERT INTO message (person_key, sender, sender_department, to_department, to_user, urgent, body,
                                     follows, sent_at)
                VALUES (:p, :s, :sd, :td, :tu, :u, :b, :f, :at) RETURNING id""")
                .param("p", personKey).param("s", sender.username()).param("sd", sender.departmentId())
                .param("td", department).param("tu", user).param("u", urgent).param("b", text).param("f", follows)
                .param("at", now()).query(Long.class).single();
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("message", Long.toString(id));
        detail.put("op", "send");
        detail.put("recipient", department != null ? "dept:" + department : "user:" + user);
        detail.put("urgent", Boolean.toString(urgent));
        audit.record(new AuditEvent(sender.username(), AuditAction.MESSAGE, personKey, detail,
                person.addressProtected()));
        return id;
    }

    /**
     * Marks a message read (既読) or dealt with (対応済, with a note; it is read then too) by its recipient: the
     * staff member it was sent to or anyone of the department it was sent to. Each state is set once.
     *
     * @return the message as it now is
     */
    @Transactional
    public Message acknowledge(Viewer viewer, long id, boolean done, String note) {
        Message message = find(id).filter(m -> recipient(viewer, m)).orElseThrow(() ->
                new InvalidDocumentException("message", "伝言 " + id + " はあなた宛て (あなたの課宛て) ではありません"));
        String text = note == null ? null : note.strip();
        if (text != null && text.codePointCount(0, text.length()) > MAX_BODY) {
            throw new InvalidDocumentException("note", "対応の記録は " + MAX_BODY + " 文字までにしてください");
        }
        boolean changed = false;
        if (message.readAt() == null) {
            changed |= ack(id, "READ", viewer, null);
        }
        if (done && message.doneAt() == null) {
            changed |= ack(id, "DONE", viewer, text == null || text.isEmpty() ? null : text);
        }
        if (changed) {
            boolean protectedPerson = residents.find(message.personKey()).map(Person::addressProtected).orElse(false);
            audit.record(new AuditEvent(viewer.username(), AuditAction.MESSAGE, message.personKey(),
                    Map.of("message", Long.toString(id), "op", done ? "done" : "read"), protectedPerson));
        }
        return find(id).orElseThrow();
    }

    /** The viewer's inbox, audited (it shows persons' names and what was said about them). */
    public Inbox inbox(Viewer viewer) {
        List<Message> received = query("""
                WHERE (m.to_user = :u OR m.to_department = :d)
                ORDER BY (done.at IS NULL) DESC, m.urgent DESC, m.sent_at DESC LIMIT 200""", viewer);
        List<Message> sent = query("WHERE m.sender = :u ORDER BY m.sent_at DESC LIMIT 100", viewer);
        List<Message> overdue = List.of();
        List<String> headed = properties.departmentHeads().entrySet().stream()
                .filter(e -> e.getValue().equals(viewer.username())).map(Map.Entry::getKey).toList();
        if (!headed.isEmpty()) {
            overdue = jdbc.sql(SELECT + """
                    WHERE m.to_department = ANY(:heads) AND m.urgent AND done.at IS NULL AND m.sent_at < :before
                    ORDER BY m.sent_at""").param("heads", headed.toArray(String[]::new))
                    .param("before", now().minus(properties.urgentAfter()))
                    .query(this::row).list();
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("op", "inbox");
        detail.put("messages", java.util.stream.Stream.of(received, sent, overdue).flatMap(List::stream)
                .map(m -> Long.toString(m.id())).distinct().collect(Collectors.joining(",")));
        audit.record(new AuditEvent(viewer.username(), AuditAction.MESSAGE, null, detail, false));
        return new Inbox(names(received), names(sent), names(overdue));
    }

    /**
     * The messages about one person that concern the viewer — sent by or to them or their department — newest
     * first; others' messages are not shown. Audited with the person's overview panel that shows them.
     */
    public List<Message> aboutPerson(Viewer viewer, String personKey, int limit) {
        List<Message> messages = names(jdbc.sql(SELECT + """
                WHERE m.person_key = :p AND (m.to_user = :u OR m.to_department = :d OR m.sender = :u
                                             OR m.sender_department = :d)
                ORDER BY m.sent_at DESC LIMIT :limit""").param("p", personKey).param("u", viewer.username())
                .param("d", viewer.departmentId()).param("limit", limit).query(this::row).list());
        if (!messages.isEmpty()) {
            boolean protectedPerson = residents.find(personKey).map(Person::addressProtected).orElse(false);
            audit.record(new AuditEvent(viewer.username(), AuditAction.MESSAGE, personKey, Map.of("op", "person",
                    "messages", messages.stream().map(m -> Long.toString(m.id())).collect(Collectors.joining(","))),
                    protectedPerson));
        }
        return messages;
    }

    /** How many messages to the viewer or their department nobody has read yet (the header's badge). */
    public long unread(Viewer viewer) {
        return jdbc.sql("""
                SELECT count(*) FROM message m
                 WHERE (m.to_user = :u OR m.to_department = :d)
                   AND NOT EXISTS (SELECT 1 FROM message_ack a WHERE a.message_id = m.id AND a.state = 'READ')""")
                .param("u", viewer.username()).param("d", viewer.departmentId()).query(Long.class).single();
    }

    /** One message, if it exists (no access check: callers check {@link #concerns}). */
    Optional<Message> find(long id) {
        return jdbc.sql(SELECT + " WHERE m.id = :id").param("id", id).query(this::row).optional().map(m ->
                names(List.of(m)).get(0));
    }

    /** Whether the viewer sent or receives this message (themselves or through their department). */
    static boolean concerns(Viewer viewer, Message message) {
        return viewer.username().equals(message.sender()) || recipient(viewer, message);
    }

    static boolean recipient(Viewer viewer, Message message) {
        return viewer.username().equals(message.toUser())
                || (message.toDepartment() != null && message.toDepartment().equals(viewer.departmentId()));
    }

    private static final String SELECT = """
            SELECT m.id, m.person_key, m.sender, m.sender_department, m.to_department, m.to_user, m.urgent, m.body,
                   m.follows, m.sent_at, r.at, r.by_user, done.at, done.by_user, done.note
              FROM message m
              LEFT JOIN message_ack r ON r.message_id = m.id AND r.state = 'READ'
              LEFT JOIN message_ack done ON done.message_id = m.id AND done.state = 'DONE'
            """;

    private List<Message> query(String where, Viewer viewer) {
        return jdbc.sql(SELECT + where).param("u", viewer.username()).param("d", viewer.departmentId())
                .query(this::row).list();
    }

    private Message row(ResultSet rs, int i) throws SQLException {
        Instant sent = instant(rs, 10);
        Instant done = instant(rs, 13);
        boolean urgent = rs.getBoolean(7);
        boolean overdue = urgent && done == null
                && sent.isBefore(time.now().toInstant().minus(properties.urgentAfter()));
        return new Message(rs.getLong(1), rs.getString(2), null, rs.getString(3), null, rs.getString(4), null,
                rs.getString(5), null, rs.getString(6), null, urgent, rs.getString(8), (Long) rs.getObject(9), sent,
                instant(rs, 11), rs.getString(12), done, rs.getString(14), rs.getString(15), overdue);
    }

    /** The messages with the names of persons, staff and departments filled in, read once for all. */
    private List<Message> names(List<Message> messages) {
        if (messages.isEmpty()) {
            return messages;
        }
        Map<String, String> persons = residents.names(messages.stream().map(Message::personKey).distinct().toList());
        Map<String, Department> departments = staff.departments().stream()
                .collect(Collectors.toMap(Department::id, Function.identity(), (a, b) -> a));
        Map<String, String> staffNames = new java.util.HashMap<>();
        Function<String, String> staffName = u -> u == null ? null
                : staffNames.computeIfAbsent(u, k -> staff.displayName(k).orElse(k));
        return messages.stream().map(m -> new Message(m.id(), m.personKey(), persons.get(m.personKey()), m.sender(),
                staffName.apply(m.sender()), m.senderDepartment(), departmentName(departments, m.senderDepartment()),
                m.toDepartment(), departmentName(departments, m.toDepartment()), m.toUser(), staffName.apply(m.toUser()),
                m.urgent(), m.body(), m.follows(), m.sentAt(), m.readAt(), m.readBy(), m.doneAt(), m.doneBy(),
                m.doneNote(), m.overdue())).toList();
    }

    private static String departmentName(Map<String, Department> departments, String id) {
        if (id == null) {
            return null;
        }
        Department department = departments.get(id);
        return department == null ? id : department.name();
    }

    private boolean ack(long id, String state, Viewer viewer, String note) {
        return jdbc.sql("""
                INSERT INTO message_ack (message_id, state, by_user, at, note) VALUES (:m, :s, :u, :at, :n)
                ON CONFLICT DO NOTHING""").param("m", id).param("s", state).param("u", viewer.username())
                .param("at", now()).param("n", note).update() == 1;
    }

    private OffsetDateTime now() {
        return time.now().toOffsetDateTime();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The staff a message may go to, for the form's list (ID and name). */
    public List<StaffAccount> recipients() {
        return staff.page("", 1, 500).items();
    }

    /** The departments a message may go to. */
    public List<Department> departments() {
        return staff.departments();
    }
}
