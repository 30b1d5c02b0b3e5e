"""The national kinship care strategy's commitments as a self-assessment of the council's kinship offer.

Seed 003 item 6 ("Championing Kinship Care - DfE Kinship Care Strategy 2023") ends with the next step: "To
benchmark the kinship services ... against the strategy and develop an action plan to address any developments
needed." The commitments below are the strategy's, as the seed's summary slides list them under its three
pillars (Supported, Empowered, Understood); the council rates its offer against each and records actions."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "DfE, Championing Kinship Care: the national kinship care strategy (December 2023, CP 988), seed 003"

RATINGS: dict[str, str] = {
    "in_place": "In place",
    "partly": "Partly in place",
    "not_started": "Not in place",
    "not_applicable": "Not for the council (national action)",
}


@dataclass(frozen=True)
class Commitment:
    id: str
    pillar: str
    text: str
    local_question: str  # what the council asks of its own offer
    source: str = SOURCE


COMMITMENTS: tuple[Commitment, ...] = (
    Commitment("family_first", "Supported", "Family first culture: kinship care as the first consideration for "
               "any child who cannot live safely with their parents.",
               "Is kinship care considered first, and family group decision making offered, in every case?"),
    Commitment("allowance", "Supported", "A kinship financial allowance, paid at the same rate as the fostering "
               "allowance (Pathfinder in up to 8 local authorities).",
               "What allowances do our special guardians and kinship carers receive, against the fostering rate?"),
    Commitment("virtual_school", "Supported", "Expanding the Virtual School Head's role to promote the education "
               "of children in kinship care.",
               "Does our Virtual School offer advice and information to kinship carers and their schools?"),
    Commitment("asgsf", "Supported", "Renaming the Adoption Support Fund the Adoption and Special Guardianship "
               "Support Fund, so more eligible kinship carers know they can use it.",
               "Do eligible kinship carers know about and apply to the fund?"),
    Commitment("employers", "Supported", "Guidance for employers on supporting kinship carers at work; kinship "
               "leave and pay for DfE staff.", "Does the council, as employer, offer kinship leave?"),
    Commitment("training_offer", "Supported", "A training, information and advice offer all kinship carers can "
               "use, and peer support groups across England.",
               "Do our kinship carers get training, advice and peer support, and are they told about it?"),
    Commitment("ambassador", "Empowered", "A National Kinship Care Ambassador to work with local authorities and "
               "kinship carers to raise standards.", "Are we ready to work with the ambassador?"),
    Commitment("advocacy", "Empowered", "Improving the availability of advocacy for children in kinship care by "
               "updating guidance and standards.", "Can children in kinship care get an advocate?"),
    Commitment("family_group_conferences", "Empowered", "Working towards every family being offered a high "
               "quality family group conference at pre-proceedings stage.",
               "Do families get a family group conference before proceedings?"),
    Commitment("definition", "Understood", "A new definition of kinship care used in statutory guidance.",
               "Do our policies and our local offer use the statutory definition?"),
    Commitment("statutory_guidance", "Understood", "Kinship Care: Statutory Guidance for Local Authorities, "
               "replacing the 2011 Family and Friends Care guidance.",
               "Is our kinship policy and local offer up to date with the new guidance?"),
    Commitment("practitioner_training", "Understood", "Better social worker training about kinship families; a "
               "knowledge and skills statement for family help lead practitioners.",
               "Are our social workers trained in the specific needs of kinship carers?"),
    Commitment("data", "Understood", "Better data on kinship care (with the Ministry of Justice) and the "
               "Children's Social Care National Framework dashboard.",
               "Do we know how many children live in each type of kinship care here?"),
)

BY_ID: dict[str, Commitment] = {c.id: c for c in COMMITMENTS}
PILLARS = ("Supported", "Empowered", "Understood")
