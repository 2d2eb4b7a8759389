# English formats, the counterpart of formats/id: same names, English conventions.
DATE_FORMAT = "j F Y"  # 28 November 2026
SHORT_DATE_FORMAT = "j M Y"  # 28 Nov 2026
TIME_FORMAT = r"H:i \W\I\B"  # 14:30 WIB
DATETIME_FORMAT = r"j F Y, H:i \W\I\B"  # 28 November 2026, 14:30 WIB
SHORT_DATETIME_FORMAT = r"j M Y, H:i \W\I\B"  # 28 Nov 2026, 14:30 WIB
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
