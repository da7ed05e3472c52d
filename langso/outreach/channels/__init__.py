"""The channels an announcement or a reply goes out through, each an adapter behind ``Channel``
(``base``): the field app's inbox, an SMS gateway, Zalo (Official Account and ZNS) and email."""
