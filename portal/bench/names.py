"""Words the bench data is made of: buyers, suppliers by category, countries, people, texts."""

from __future__ import annotations

PLACES = (
    "Northbridge", "Eastvale", "Kingsmoor", "Riverside", "Ashford Vale", "Westmere", "Harrowgate",
    "Castlebrook", "Millbank", "Southport Vale", "Elmstead", "Oakhurst", "Fairhaven", "Greywater",
    "Stonebridge", "Bramley", "Thornbury", "Winterbourne", "Lindenfield", "Marshall Cross",
    "Hollowell", "Redcliffe", "Ambleside Park", "Brookmere", "Coldharbour", "Dunmore", "Fenwick",
    "Glenrothes Vale", "Highcombe", "Larkhill",
)
BODIES = (
    "City Council", "University", "NHS Foundation Trust", "Borough Council", "County Council",
    "College", "Fire and Rescue Service", "Police and Crime Commissioner", "Housing Association",
    "Schools Trust",
)
BUYER_COUNTRIES = ("GB", "GB", "GB", "GB", "IE", "NL", "SE")

# Per seeded category: what such a supplier calls its line of business, its usual countries,
# the words its name ends with, and what a buyer's tender asks for.
Words = tuple[str, ...]
SUPPLIER_LINES: dict[str, tuple[Words, Words, Words, Words]] = {
    "ict-hardware": (
        ("ICT hardware reseller", "Laptop assembler", "Electronics distributor"),
        ("CN", "TW", "MY", "VN", "GB"),
        ("IT Solutions Ltd", "Computing", "Electronics Ltd", "Devices"),
        ("Laptops and monitors", "Desktop computers", "Network equipment", "Tablets for schools"),
    ),
    "textiles-uniforms": (
        ("Uniforms and workwear maker", "Garment manufacturer", "Textile importer"),
        ("BD", "IN", "PK", "TR", "VN", "CN"),
        ("Workwear Ltd", "Garments", "Textiles", "Apparel"),
        ("Staff uniforms", "Workwear and PPE clothing", "Bed linen and towels"),
    ),
    "medical-gloves-ppe": (
        ("Medical gloves distributor", "PPE importer", "Glove manufacturer"),
        ("MY", "TH", "CN", "VN"),
        ("Medical Supplies", "Healthcare Products", "Gloves Sdn Bhd", "PPE Ltd"),
        ("Examination gloves", "Face masks and aprons", "Surgical gloves"),
    ),
    "solar-panels": (
        ("Solar panels importer", "Solar installer", "PV module maker"),
        ("CN", "DE", "VN", "MY"),
        ("Solar", "Renewables Ltd", "Energy Systems", "PV"),
        ("Solar panels for school roofs", "PV installation", "Battery storage"),
    ),
    "food-agriculture": (
        ("Food wholesaler", "Fresh produce grower", "Seafood importer"),
        ("GB", "ES", "IT", "BR", "KE", "TH"),
        ("Foods Ltd", "Produce", "Farms", "Seafood"),
        ("Fresh fruit and vegetables", "Frozen food", "Coffee and tea"),
    ),
    "construction": (
        ("Construction", "Building materials supplier", "Brick maker"),
        ("GB", "PL", "IN", "CN"),
        ("Build Construction", "Building Materials", "Contractors Ltd", "Brickworks"),
        ("School extension", "Road resurfacing", "Building materials framework"),
    ),
    "cleaning-services": (
        ("Cleaning contractor", "Facilities services"),
        ("GB", "GB", "IE"),
        ("Facilities Services", "Cleaning Services", "Hygiene Ltd"),
        ("Cleaning of council buildings", "Hospital cleaning", "Window cleaning"),
    ),
    "security-services": (
        ("Security services", "Guarding contractor"),
        ("GB", "GB"),
        ("Security Services", "Guarding Ltd", "Protection"),
        ("Security guarding of sites", "Event stewarding", "CCTV monitoring"),
    ),
    "furniture": (
        ("Furniture maker", "Office furniture dealer"),
        ("CN", "VN", "PL", "GB"),
        ("Furniture Ltd", "Interiors", "Seating"),
        ("Office furniture", "Classroom furniture", "Library shelving"),
    ),
    "office-supplies": (
        ("Stationery wholesaler", "Office supplies dealer"),
        ("GB", "CN", "DE"),
        ("Office Supplies", "Stationery Ltd", "Paper Co"),
        ("Stationery", "Printer paper and toner", "Office consumables"),
    ),
    "medical-devices": (
        ("Medical devices maker", "Surgical instruments supplier"),
        ("DE", "US", "CN", "MY", "PK"),
        ("Medical Devices", "Surgical Ltd", "Diagnostics"),
        ("Surgical instruments", "Patient monitors", "Syringes and needles"),
    ),
    "vehicles-fleet": (
        ("Vehicle dealer", "Fleet services"),
        ("DE", "JP", "KR", "GB"),
        ("Motors", "Fleet Services", "Vehicles Ltd"),
        ("Electric vans", "Fleet maintenance", "Refuse vehicles"),
    ),
    "catering-services": (
        ("Food and catering", "Catering contractor"),
        ("GB", "GB", "IE"),
        ("Catering", "Kitchens Ltd", "Hospitality"),
        ("School meals", "Staff restaurant", "Vending services"),
    ),
    "professional-services": (
        ("Consultancy", "Audit and advisory"),
        ("GB", "IN", "US"),
        ("Consulting", "Advisory LLP", "Partners"),
        ("Management consultancy", "Internal audit", "Legal services"),
    ),
    "software-services": (
        ("Software house", "IT services"),
        ("GB", "IN", "US", "PL"),
        ("Software Ltd", "Digital", "Systems"),
        ("Case management system", "Website development", "IT support"),
    ),
}
GENERIC_LINE = (("Supplier",), ("GB", "CN", "IN"), ("Ltd", "Group", "Trading"), ("Supplies",))

SUPPLIER_PREFIXES = (
    "Brightline", "Meridian", "SafeHand", "CleanCity", "Harvest Table", "Solaris", "Guardwell",
    "Apex", "Northstar", "Oakfield", "Bluewater", "Summit", "Crescent", "Evergreen", "Keystone",
    "Silverline", "Riverbend", "Pinnacle", "Redwood", "Horizon", "Lighthouse", "Ironbridge",
    "Clearview", "Goldcrest", "Falcon", "Westbrook", "Maple Leaf", "Orchid", "Lotus", "Jade River",
    "Golden Bay", "Sunrise", "Everbright", "Kestrel", "Heron", "Cobalt", "Granite", "Willow",
    "Beacon", "Sapphire", "Emerald", "Trident", "Anchor", "Compass", "Vanguard", "Phoenix",
    "Atlas", "Orion", "Zenith", "Harbour", "Riverside", "Greenfield", "Highland", "Coastline",
    "Unity", "Pioneer", "Spectrum", "Nova", "Aurora", "Sterling",
)

# Countries the bench uses, with the risk an operator's country-risk table might give them.
COUNTRY_RISK = {
    "CN": "high", "BD": "high", "MY": "high", "IN": "high", "PK": "high", "VN": "high",
    "TH": "high", "KE": "high", "BR": "high", "TR": "high",
    "TW": "medium", "PL": "medium", "KR": "medium", "ES": "medium", "IT": "medium",
    "US": "medium",
    "GB": "low", "DE": "low", "IE": "low", "NL": "low", "SE": "low", "JP": "low",
}
COUNTRY_RISK_SOURCE = "Bench data: illustrative levels, not an assessment of any country"

FIRST_NAMES = (
    "Amara", "Ben", "Claire", "Dev", "Elena", "Farah", "George", "Hana", "Ivan", "Jia", "Kofi",
    "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sami", "Tanya", "Umar",
    "Vera", "Wei", "Ximena", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Okafor", "Hughes", "Donovan", "Patel", "Rossi", "Aziz", "Brown", "Sato", "Petrov", "Chen",
    "Mensah", "Schmidt", "Garcia", "Haddad", "Khan", "Nair", "Dubois", "Silva", "Nguyen",
    "Kowalski", "Farouk", "Novak", "Li", "Lopez", "Demir", "Walsh",
)

# Answers to text questions: by question id where the shipped questionnaires have one.
TEXTS: dict[str, tuple[str, ...]] = {
    "production_countries": (
        "China, Viet Nam and Malaysia (final assembly); components from Taiwan and Korea.",
        "Bangladesh and India (garments); fabric from Turkey.",
        "Our own sites in the United Kingdom; agency staff from two local agencies.",
        "Malaysia and Thailand (glove factories), distribution in Germany.",
    ),
    "grievance_description": (
        "A free, anonymous hotline run by an independent organisation in workers' languages; "
        "each complaint is logged, answered within 14 days and reviewed by the board.",
        "Workers can raise concerns with their union representative or by text message; "
        "the HR manager investigates and reports monthly.",
        "A suggestion box in each canteen and an email address for complaints.",
    ),
}
GENERIC_TEXTS = (
    "Described in our supplier code of conduct and in the annual report to the board.",
    "We agreed a corrective plan with the factory and checked it with unannounced visits.",
    "Our supply-chain team reviews this twice a year with the trade union.",
)

FINDINGS = {
    "site visit": (
        "Unannounced site visit by the monitoring partner",
        "Dormitory rooms held twelve workers; fire exits were locked during the night shift.",
    ),
    "monitoring report": (
        "Monitoring report by an independent organisation",
        "Overtime records show 72-hour weeks during the peak season.",
    ),
    "worker testimony": (
        "Interviews with production workers off site",
        "Workers said recruitment fees were deducted from their first wages.",
    ),
    "trade union testimony": (
        "Statement of the national trade union federation",
        "Two union representatives were dismissed after asking for a collective agreement.",
    ),
    "audit": (
        "Third-party social audit",
        "Passports of migrant workers were kept in the office safe.",
    ),
}

MESSAGES_BUYER = (
    "Please send us your plan and a date for this.",
    "Thank you. Could you attach the evidence when it is done?",
    "We will check this at the next site visit.",
)
MESSAGES_SUPPLIER = (
    "We have started on this and will report by the due date.",
    "The policy is approved; the document is attached to our response.",
    "Training for all line managers is planned for next month.",
)
PLANNED_ACTIONS = (
    "We will adopt and publish a policy approved by the board.",
    "We will train managers and check the agencies we use.",
    "We will map our second-tier suppliers and share the list.",
)
