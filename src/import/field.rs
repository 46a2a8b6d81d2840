//! The fields of an event that a mapping file can name a column for, give a
//! constant, or map values of.

/// The fields of an event a mapping file can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Field {
    Id,
    Date,
    Country,
    Province,
    District,
    Group,
    Claimed,
    AttributionDoubt,
    AttackType,
    Target,
    Killed,
    KilledMin,
    KilledMax,
    Injured,
    InjuredMin,
    InjuredMax,
}

impl Field {
    pub const ALL: [Field; 16] = [
        Field::Id,
        Field::Date,
        Field::Country,
        Field::Province,
        Field::District,
        Field::Group,
        Field::Claimed,
        Field::AttributionDoubt,
        Field::AttackType,
        Field::Target,
        Field::Killed,
        Field::KilledMin,
        Field::KilledMax,
        Field::Injured,
        Field::InjuredMin,
        Field::InjuredMax,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::Id => "id",
            Field::Date => "date",
            Field::Country => "country",
            Field::Province => "province",
            Field::District => "district",
            Field::Group => "group",
            Field::Claimed => "claimed",
            Field::AttributionDoubt => "attribution_doubt",
            Field::AttackType => "attack_type",
            Field::Target => "target",
            Field::Killed => "killed",
            Field::KilledMin => "killed_min",
            Field::KilledMax => "killed_max",
            Field::Injured => "injured",
            Field::InjuredMin => "injured_min",
            Field::InjuredMax => "injured_max",
        }
    }

    pub fn parse(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Names and free text, resolved or copied after the row is read; value
    /// maps for these apply to every format.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Field::Country
                | Field::Province
                | Field::District
                | Field::Group
                | Field::AttackType
                | Field::Target
        )
    }

    /// Fields that may be one value for the whole file (`[constants]`).
    pub fn may_be_constant(self) -> bool {
        self.is_text() || matches!(self, Field::Claimed | Field::AttributionDoubt)
    }
}
