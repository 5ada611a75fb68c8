import FacetModel
import GRDB

/// A partnership's own columns as one Codable record. Reading a row, writing one, and the values
/// the edit form and the conflict screen work with all go through it, so the columns are named
/// once (snake_case in the table, derived from the property names) instead of in four hand-kept
/// maps. Links (schools, priority areas, confirmations) live in their own tables.
struct PartnershipRecord: Codable, FetchableRecord, EncodableRecord {
    var partnerId: Int64
    var districtWide: Bool
    var tier: Int?
    var status: String
    var services: String
    var startDate: String?
    var endDate: String?
    var agreementSigned: String?
    var dataSharing: Bool
    var backgroundChecks: Bool
    var outcomeMeasures: String
    var lastReview: String?
    var reviewer: String
    var notes: String

    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    init(_ p: Partnership) {
        partnerId = p.partnerID; districtWide = p.districtWide; tier = p.tier?.rawValue; status = p.status.rawValue
        services = p.services; startDate = p.startDate?.description; endDate = p.endDate?.description
        agreementSigned = p.agreementSigned?.description; dataSharing = p.dataSharing; backgroundChecks = p.backgroundChecks
        outcomeMeasures = p.outcomeMeasures; lastReview = p.lastReview?.description; reviewer = p.reviewer; notes = p.notes
    }

    /// Sets the partnership's own fields from the record (links and version stay as they are).
    func apply(to p: inout Partnership) {
        p.partnerID = partnerId; p.districtWide = districtWide; p.tier = tier.flatMap(Tier.init(rawValue:))
        p.status = PartnershipStatus(rawValue: status) ?? p.status; p.services = services
        p.startDate = startDate.flatMap(Day.init); p.endDate = endDate.flatMap(Day.init)
        p.agreementSigned = agreementSigned.flatMap(Day.init); p.dataSharing = dataSharing; p.backgroundChecks = backgroundChecks
        p.outcomeMeasures = outcomeMeasures; p.lastReview = lastReview.flatMap(Day.init); p.reviewer = reviewer; p.notes = notes
    }

    /// The columns with their values, for the audited writer.
    var columns: [String: (any DatabaseValueConvertible)?] {
        (try? databaseDictionary)?.mapValues { $0 } ?? [:]
    }
}

extension FacetStore {
    /// A partnership's own columns as stored values, by column name (the form's and the conflict
    /// screen's shape).
    public static func columnValues(of p: Partnership) -> [String: StoredValue] {
        ((try? PartnershipRecord(p).databaseDictionary) ?? [:]).mapValues(StoredValue.init)
    }

    /// The partnership with `values` (by column name) put in place of its own; unknown columns are
    /// ignored, and a value of the wrong kind leaves the field as it was.
    public static func partnership(_ p: Partnership, applying values: [String: StoredValue]) -> Partnership {
        var dictionary = (try? PartnershipRecord(p).databaseDictionary) ?? [:]
        for (column, value) in values where dictionary.keys.contains(column) { dictionary[column] = value.databaseValue }
        var result = p
        if let record = try? PartnershipRecord(row: Row(dictionary)) {
            record.apply(to: &result)
        }
        return result
    }
}
