/**
 * Countries with their capital, continent and currency (the currency's everyday English name, without the
 * country). Transcontinental countries and countries with disputed or changing capitals are left out on purpose,
 * so every answer is unambiguous.
 */
export interface Country {
  readonly name: string;
  readonly capital: string;
  readonly continent: string;
  readonly currency: string;
}

export const COUNTRIES: readonly Country[] = [
  { name: 'France', capital: 'Paris', continent: 'Europe', currency: 'euro' },
  { name: 'Germany', capital: 'Berlin', continent: 'Europe', currency: 'euro' },
  { name: 'Italy', capital: 'Rome', continent: 'Europe', currency: 'euro' },
  { name: 'Spain', capital: 'Madrid', continent: 'Europe', currency: 'euro' },
  { name: 'Portugal', capital: 'Lisbon', continent: 'Europe', currency: 'euro' },
  { name: 'Greece', capital: 'Athens', continent: 'Europe', currency: 'euro' },
  { name: 'Ireland', capital: 'Dublin', continent: 'Europe', currency: 'euro' },
  { name: 'Austria', capital: 'Vienna', continent: 'Europe', currency: 'euro' },
  { name: 'Poland', capital: 'Warsaw', continent: 'Europe', currency: 'zloty' },
  { name: 'Hungary', capital: 'Budapest', continent: 'Europe', currency: 'forint' },
  { name: 'Sweden', capital: 'Stockholm', continent: 'Europe', currency: 'krona' },
  { name: 'Norway', capital: 'Oslo', continent: 'Europe', currency: 'krone' },
  { name: 'Switzerland', capital: 'Bern', continent: 'Europe', currency: 'franc' },
  { name: 'United Kingdom', capital: 'London', continent: 'Europe', currency: 'pound' },
  { name: 'Japan', capital: 'Tokyo', continent: 'Asia', currency: 'yen' },
  { name: 'China', capital: 'Beijing', continent: 'Asia', currency: 'yuan' },
  { name: 'India', capital: 'New Delhi', continent: 'Asia', currency: 'rupee' },
  { name: 'Pakistan', capital: 'Islamabad', continent: 'Asia', currency: 'rupee' },
  { name: 'Thailand', capital: 'Bangkok', continent: 'Asia', currency: 'baht' },
  { name: 'Vietnam', capital: 'Hanoi', continent: 'Asia', currency: 'dong' },
  { name: 'South Korea', capital: 'Seoul', continent: 'Asia', currency: 'won' },
  { name: 'Philippines', capital: 'Manila', continent: 'Asia', currency: 'peso' },
  { name: 'Saudi Arabia', capital: 'Riyadh', continent: 'Asia', currency: 'riyal' },
  { name: 'Kenya', capital: 'Nairobi', continent: 'Africa', currency: 'shilling' },
  { name: 'Nigeria', capital: 'Abuja', continent: 'Africa', currency: 'naira' },
  { name: 'Ghana', capital: 'Accra', continent: 'Africa', currency: 'cedi' },
  { name: 'Morocco', capital: 'Rabat', continent: 'Africa', currency: 'dirham' },
  { name: 'Ethiopia', capital: 'Addis Ababa', continent: 'Africa', currency: 'birr' },
  { name: 'Canada', capital: 'Ottawa', continent: 'North America', currency: 'dollar' },
  { name: 'Mexico', capital: 'Mexico City', continent: 'North America', currency: 'peso' },
  { name: 'Cuba', capital: 'Havana', continent: 'North America', currency: 'peso' },
  { name: 'Brazil', capital: 'Brasilia', continent: 'South America', currency: 'real' },
  { name: 'Argentina', capital: 'Buenos Aires', continent: 'South America', currency: 'peso' },
  { name: 'Peru', capital: 'Lima', continent: 'South America', currency: 'sol' },
  { name: 'Chile', capital: 'Santiago', continent: 'South America', currency: 'peso' },
  { name: 'Colombia', capital: 'Bogota', continent: 'South America', currency: 'peso' },
  { name: 'Australia', capital: 'Canberra', continent: 'Oceania', currency: 'dollar' },
  { name: 'New Zealand', capital: 'Wellington', continent: 'Oceania', currency: 'dollar' },
];
