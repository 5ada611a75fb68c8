/// The longest text each field may hold, in characters, on every path that writes it: the forms,
/// `facet import`, and the store. One place, so a value the form refuses cannot come in another way.
public enum FieldLimits {
    // partners
    public static let partnerName = 160
    public static let contactName = 120
    public static let contactEmail = 160
    public static let contactPhone = 40
    public static let website = 200
    public static let address = 200
    // partnerships
    public static let services = 400
    public static let reviewer = 120
    /// Notes and outcome measures are paragraphs: generous, but bounded so one cell cannot be a book.
    public static let freeText = 4_000
    // schools
    public static let schoolCode = 12
    public static let schoolName = 120
    // employees
    public static let employeeNumber = 20
    public static let personName = 80
    public static let email = 120

    /// Limits by table and column, for checks that go by column name.
    public static let byColumn: [String: [String: Int]] = [
        "partners": ["name": partnerName, "contact_name": contactName, "contact_email": contactEmail,
                     "contact_phone": contactPhone, "website": website, "address": address, "notes": freeText],
        "partnerships": ["services": services, "reviewer": reviewer, "outcome_measures": freeText, "notes": freeText],
        "schools": ["code": schoolCode, "name": schoolName],
        "employees": ["number": employeeNumber, "first_name": personName, "last_name": personName, "email": email],
    ]

    /// Whether `text` is longer than `limit` characters. Counts bytes first, since counting
    /// characters is slow and a text with no more bytes than the limit cannot exceed it.
    public static func exceeds(_ text: String, _ limit: Int) -> Bool {
        text.utf8.count > limit && text.count > limit
    }
}
