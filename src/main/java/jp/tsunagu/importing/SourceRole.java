package jp.tsunagu.importing;

/** What a source is to the hub. */
public enum SourceRole {
    /** A program's source (業務システム). */
    PROGRAM,
    /** 住民記録: the resident registry, master of the person index. */
    RESIDENT_REGISTRY,
    /** 住登外: persons the city deals with who are not registered here. */
    NON_RESIDENT;

    static SourceRole fromName(String name) {
        if (name == null) {
            return PROGRAM;
        }
        return switch (name) {
            case "resident-registry" -> RESIDENT_REGISTRY;
            case "non-resident" -> NON_RESIDENT;
            case "program" -> PROGRAM;
            default -> throw new IllegalArgumentException(
                    "'" + name + "' は使えません (resident-registry, non-resident, program)");
        };
    }

    public boolean isMaster() {
        return this != PROGRAM;
    }
}
